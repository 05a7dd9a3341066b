//! The hand-written part of uniapp.d.ts: the types apifm-wasm/uniapp adds
//! (before the line //@@ members) and its interface's own members (after
//! it); tools/gen/types.js drops these //! lines. Edit here, then `make regen`.
/** What getLocation() answers: WGS-84 degrees (strings with six decimals on iOS, as apifm-uniapp rounds them there). */
export interface UniLocation {
  long: number | string;
  lat: number | string;
}

//@@ members
  /** As in apifm-uniapp: uni.getLocation({ type: 'wgs84' }) with a loading indicator (no API request); rejects with kind 'network' and the platform's errMsg. */
  getLocation(): Promise<UniLocation>;
