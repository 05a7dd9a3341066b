// Money as the pages show it: ¥39.90
function yuan(n) {
  return '¥' + (Math.round(Number(n) * 100) / 100).toFixed(2)
}

// A picture URL: the mock backend answers paths on its own host (/static/img/…);
// API工厂's are absolute already.
function picUrl(p, base) {
  return p && p.charAt(0) === '/' && base ? base + p : p
}

module.exports = { yuan, picUrl }
