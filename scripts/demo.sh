#!/usr/bin/env bash
# Runs Baolian with demo data: builds the PWA and serves it with the API.
#
#   scripts/demo.sh [SERVER OPTIONS...]    e.g. --addr 0.0.0.0:8080 to reach it from a phone
#
# Data is kept in ./data; the demo accounts (wangfang / baolian2024, …) and key units are
# created on first start. Open http://127.0.0.1:8080 unless --addr says otherwise.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Where cargo install put the wasm-bindgen CLI that build-pwa.sh runs.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

bash scripts/setup.sh
bash scripts/build-pwa.sh

args=("$@")
has_option() {
  local arg
  for arg in "${args[@]}"; do
    case "$arg" in "$1" | "$1"=*) return 0 ;; esac
  done
  return 1
}
has_option --data || args+=(--data data)
has_option --assets || args+=(--assets client/dist)

exec cargo run -p baolian-server --release -- serve --demo "${args[@]}"
