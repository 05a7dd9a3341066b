export default {
  navigationBarTitleText: 'apifm-wasm',
};
