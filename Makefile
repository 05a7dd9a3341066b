# apifm-wasm — every entry point of the project. `make demo` and `make test`
# are the README's two set-up commands; both install what they need.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: setup build demo test test-core test-lint test-wasm test-js test-frameworks regen regen-check bench clean

setup:
	@bash tools/setup.sh

build: setup
	node tools/build-pkg.js

# Build the package, then run the demo (Node script + H5 page in headless
# Chromium) against the local test backend.
demo: build
	node examples/demo/run.js

# Every test, layer by layer (see README "Tests").
test: setup regen-check test-lint test-core build test-wasm test-js test-frameworks
	@echo "all test layers passed"

test-lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings

test-core:
	cargo test -p apifm-core

test-wasm:
	bash tests/tools/wasm-bindgen-tests.sh

test-js:
	node --test --test-reporter=spec --test-reporter-destination=stdout tests/js/ tests/miniprogram/ tests/browser/ tests/h5/

# Real uni-app, Taro and vue-cli 4/5 projects (tests/frameworks/): installed
# from their lockfiles (cached in their node_modules), built for WeChat and H5
# with the plugin, without it and with the vendor SDK (vue-cli: H5 shops
# written for apifm-webapi, switched as docs/migration.md says), then run in
# the simulated mini-program runtime and in headless Chromium.
test-frameworks:
	node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout tests/frameworks/

# Re-extract the reference's endpoints and regenerate every table output
# and the two halves of the JS↔wasm protocol (spec/protocol.json).
regen: setup
	node tools/extract-reference.js
	node tools/extract-types.js
	node tools/extract-responses.js
	node tools/gen-table.js
	node tools/gen-protocol.js

regen-check:
	node tools/extract-reference.js --check
	node tools/extract-types.js --check
	node tools/extract-responses.js --check
	node tools/gen-table.js --check
	node tools/gen-protocol.js --check

# Also writes the sizes the docs state (tools/doc-sizes.js) from this run's out/bench.json.
bench: build
	node bench/run.js
	node tools/doc-sizes.js

clean:
	rm -rf pkg target/pkg-build out
