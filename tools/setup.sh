#!/usr/bin/env bash
# Installs what building and testing need, idempotently: a second run that
# finds everything in place touches no network. Used by `make build/test/demo`.
#   - rustup: wasm32 target (stable + nightly), nightly rust-src (-Zbuild-std)
#   - apt: chromium, chromium-driver, brotli, a CJK font (screenshots)
#   - wasm-bindgen-cli at exactly the wasm-bindgen version of Cargo.lock, wasm-pack
#   - npm dev dependencies (binaryen's wasm-opt, esbuild, the reference
#     apifm-wxapi, playwright-core, typescript), from package-lock.json
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[setup] %s\n' "$*" >&2; }
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# --- Rust -------------------------------------------------------------------
command -v rustup >/dev/null || { log "rustup is required"; exit 1; }
if ! rustup toolchain list | grep -q '^nightly'; then
  log "rustup toolchain install nightly"
  rustup toolchain install nightly --profile minimal
fi
for tc in stable nightly; do
  if ! rustup target list --installed --toolchain "$tc" | grep -qx wasm32-unknown-unknown; then
    log "rustup target add wasm32-unknown-unknown ($tc)"
    rustup target add wasm32-unknown-unknown --toolchain "$tc"
  fi
done
if ! rustup component list --installed --toolchain nightly | grep -q '^rust-src'; then
  log "rustup component add rust-src (nightly)"
  rustup component add rust-src --toolchain nightly
fi
for c in rustfmt clippy; do
  rustup component list --installed | grep -q "^$c" || rustup component add "$c"
done

# --- apt ----------------------------------------------------------------------
missing=()
for p in chromium chromium-driver brotli fonts-wqy-zenhei; do
  dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' || missing+=("$p")
done
if ((${#missing[@]})); then
  log "apt-get install ${missing[*]}"
  SUDO=; [[ $(id -u) == 0 ]] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- wasm-bindgen-cli -----------------------------------------------------------
want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
have_runner=$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}' || true)
if [[ "$have" != "$want" || "$have_runner" != "$want" ]]; then
  log "cargo install wasm-bindgen-cli $want (have '${have:-none}')"
  # --locked pins a crate version the registry mirror lacks; install unlocked.
  cargo install --force wasm-bindgen-cli --version "=$want"
fi

# --- wasm-pack (runs the wasm-bindgen tests: tests/tools/wasm-bindgen-tests.sh) --------
# It only orchestrates cargo and wasm-bindgen-test-runner (--mode no-install:
# nothing is downloaded), so it is built unoptimised (~50 s instead of ~110 s).
wp_want=0.15.1
if [[ "$(wasm-pack --version 2>/dev/null | awk '{print $2}' || true)" != "$wp_want" ]]; then
  log "cargo install wasm-pack $wp_want"
  CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_DEBUG=false cargo install --locked --force wasm-pack --version "=$wp_want" \
    || CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_DEBUG=false cargo install --force wasm-pack --version "=$wp_want"
fi

# --- npm ------------------------------------------------------------------------
stamp=node_modules/.setup-stamp
if [[ ! -f $stamp || package-lock.json -nt $stamp ]]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
log "ok: $(rustc --version | cut -d' ' -f2), wasm-bindgen $want, node $(node --version), $(node_modules/.bin/wasm-opt --version | head -1)"
