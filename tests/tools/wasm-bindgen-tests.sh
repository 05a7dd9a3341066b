#!/usr/bin/env bash
# wasm-bindgen-test of the binding (`input` / `build` / `configure` /
# `output_ptr` exported by the wasm), run by `wasm-pack test` twice: in
# Node.js (tests/node.rs, --node) and in headless Chromium through
# ChromeDriver (tests/web.rs, --headless --chrome); the bodies are shared
# (tests/common/mod.rs).
#
# Needs: the wasm32-unknown-unknown target (stable), wasm-pack,
# wasm-bindgen-test-runner at the wasm-bindgen version of Cargo.lock,
# /usr/bin/chromium and /usr/bin/chromedriver (tools/setup.sh installs all of them).
# Usage: bash tests/tools/wasm-bindgen-tests.sh [node|web]...   (default: both)
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

runner=$(command -v wasm-bindgen-test-runner || true)
if [[ -z $runner ]]; then
  echo "wasm-bindgen-tests: wasm-bindgen-test-runner is not installed (bash tools/setup.sh)" >&2
  exit 1
fi
want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
have=$("$runner" --version | awk '{print $2}')
if [[ $have != "$want" ]]; then
  echo "wasm-bindgen-tests: wasm-bindgen-test-runner is $have but Cargo.lock has wasm-bindgen $want" >&2
  exit 1
fi

export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=$runner
# A hanging test fails its whole file and hides the other results: cap each.
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-60}
# Browser: ChromeDriver + Chromium; webdriver.json carries the binary and the
# flags Chromium needs as root (the runner adds `headless` itself).
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
export WASM_BINDGEN_TEST_WEBDRIVER_JSON=${WASM_BINDGEN_TEST_WEBDRIVER_JSON:-$PWD/webdriver.json}
unset NO_HEADLESS

suites=("$@")
((${#suites[@]})) || suites=(node web)
for suite in "${suites[@]}"; do
  case $suite in
    node | web) ;;
    *) echo "wasm-bindgen-tests: unknown suite '$suite' (node, web)" >&2; exit 2 ;;
  esac
  if [[ $suite == web && ! -x $CHROMEDRIVER ]]; then
    echo "wasm-bindgen-tests: no chromedriver at $CHROMEDRIVER (apt-get install chromium-driver)" >&2
    exit 1
  fi
  start=$(date +%s%N)
  echo "[wasm-bindgen-tests] $suite"
  # wasm-pack test, as the design card says; --mode no-install: it uses the
  # pinned wasm-bindgen-test-runner on PATH and downloads nothing.
  if [[ $suite == node ]]; then
    wasm-pack test --node --mode no-install -- --locked --test node
  else
    wasm-pack test --headless --chrome --chromedriver "$CHROMEDRIVER" --mode no-install -- --locked --test web
  fi
  ms=$((($(date +%s%N) - start) / 1000000))
  printf '[wasm-bindgen-tests] %s passed in %d.%01d s\n' "$suite" $((ms / 1000)) $((ms % 1000 / 100))
done
