// Money as the pages show it: ¥39.90
function yuan(n) {
  return '¥' + (Math.round(Number(n) * 100) / 100).toFixed(2)
}

module.exports = { yuan }
