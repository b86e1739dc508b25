#!/usr/bin/env bash
# Runs every check and test of the workspace, stopping at the first failure; CI runs this.
#
#   setup (scripts/setup.sh --test), formatting, clippy on native and wasm32 targets,
#   the PWA build, the server build, then `cargo test --workspace`: the unit tests of
#   every crate and the end-to-end test of tests/ (real server, PWA in headless Chromium).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

current=""
started=$SECONDS
on_exit() {
  local status=$?
  if [ "$status" -ne 0 ]; then
    printf '\ntest.sh: FAILED at step: %s (exit %s)\n' "$current" "$status" >&2
  fi
}
trap on_exit EXIT

step() {
  current="$1"
  printf '\n==> %s  [%ds]\n' "$current" "$((SECONDS - started))"
}

step "setup"
bash scripts/setup.sh --test

step "formatting (cargo fmt --check)"
cargo fmt --all --check

step "clippy, native"
cargo clippy --workspace --all-targets -- -D warnings

step "clippy, wasm32 (the PWA)"
# shellcheck source=scripts/wasm-env.sh
source scripts/wasm-env.sh
wasm_cargo clippy -p baolian-client -- -D warnings

step "build the PWA"
bash scripts/build-pwa.sh

step "build the server"
cargo build -p baolian-server

step "tests"
cargo test --workspace

current=""
printf '\ntest.sh: all checks passed in %ds\n' "$((SECONDS - started))"
