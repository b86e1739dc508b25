# Sourced by the build and test scripts: chooses how to compile for wasm32.
#
# Two routes, tried in this order:
# 1. rustup with the wasm32-unknown-unknown target installed (a laptop with internet):
#    plain `cargo --target wasm32-unknown-unknown`.
# 2. Debian's browser compiler (rustc-web, cargo-web, rust-web-src): the standard
#    library is built from source with `-Z build-std`, linked by the rust-lld that
#    ships with the rustup toolchain.
# `scripts/setup.sh` installs route 2 where route 1 is not available.
#
# Defines `wasm_cargo COMMAND ARGS...`, which runs a cargo command for wasm32 with its own target
# directory (target/wasm) so the two compilers never share artefacts.

WASM_TARGET=wasm32-unknown-unknown
WASM_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}/wasm"

wasm_route() {
  if command -v rustup >/dev/null 2>&1 &&
    rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET"; then
    echo rustup
  elif [ -x /usr/bin/rustc ] && [ -d /usr/lib/rustlib/src/rust/library ] &&
    /usr/bin/rustc --version 2>/dev/null | grep -q '^rustc 1\.\(9[0-9]\|[1-9][0-9][0-9]\)'; then
    echo debian
  else
    echo none
  fi
}

wasm_cargo() {
  case "$(wasm_route)" in
    rustup)
      CARGO_TARGET_DIR="$WASM_TARGET_DIR" cargo "$1" --target "$WASM_TARGET" "${@:2}"
      ;;
    debian)
      local lld
      # The linker ships with the rustup toolchain, found before PATH changes below.
      lld="$(dirname "$(dirname "$(rustup which rustc)")")"
      lld="$lld/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"
      PATH="/usr/bin:$PATH" \
        RUSTC_BOOTSTRAP=1 \
        CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$lld" \
        CARGO_TARGET_DIR="$WASM_TARGET_DIR" \
        cargo "$1" --target "$WASM_TARGET" -Z build-std=std,panic_abort "${@:2}"
      ;;
    *)
      echo "no compiler for $WASM_TARGET: run scripts/setup.sh" >&2
      return 1
      ;;
  esac
}
