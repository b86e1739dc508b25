#!/usr/bin/env bash
# Installs what building Baolian needs, and only what is missing, so a second run is quick.
#
#   scripts/setup.sh          the wasm32 compiler and the wasm-bindgen CLI (to build the PWA)
#   scripts/setup.sh --test   also rustfmt, clippy, Chromium and ChromeDriver, Node.js and the
#                             JavaScript sync client's packages in tests/js (to run the tests)
#
# Works on a fresh Debian machine (as root, or with sudo) and on a developer laptop that has
# rustup with internet access. On Debian, the wasm32 compiler is Debian's browser compiler
# (rustc-web), because rustup cannot download targets everywhere; elsewhere it is rustup's
# wasm32-unknown-unknown target. scripts/wasm-env.sh then picks whichever is there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

with_test=false
case "${1:-}" in
  "") ;;
  --test) with_test=true ;;
  *)
    echo "usage: scripts/setup.sh [--test]" >&2
    exit 2
    ;;
esac

# cargo install puts tools here; a login shell has it on PATH, a bare CI shell may not.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say() { printf 'setup: %s\n' "$*"; }
die() {
  printf 'setup: error: %s\n' "$*" >&2
  exit 1
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root (or sudo) to run: $*"
  fi
}

has_apt() { [ -r /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; }

apt_updated=false
apt_install() {
  if ! $apt_updated; then
    say "apt-get update"
    as_root apt-get update -qq
    apt_updated=true
  fi
  say "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "$@"
}

# Prints those of the given Debian packages that are not installed.
missing_debs() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
      echo "$pkg"
  done
}

command -v cargo >/dev/null 2>&1 ||
  die "cargo not found: install Rust with rustup first"

# The wasm32 compiler.
# shellcheck source=scripts/wasm-env.sh
source scripts/wasm-env.sh
web_debs=(rustc-web cargo-web rust-web-src rust-web-clippy)
route="$(wasm_route)"
if [ "$route" = none ]; then
  if has_apt; then
    apt_install "${web_debs[@]}"
  else
    say "rustup target add $WASM_TARGET"
    rustup target add "$WASM_TARGET"
  fi
  route="$(wasm_route)"
  [ "$route" != none ] || die "still no compiler for $WASM_TARGET after installing one"
elif [ "$route" = debian ] && has_apt; then
  # rust-web-clippy came later than the compiler: machines set up before need it too.
  missing="$(missing_debs "${web_debs[@]}")"
  if [ -n "$missing" ]; then
    # shellcheck disable=SC2086 # one package name per word
    apt_install $missing
  fi
fi
say "wasm32 compiler: $route route"

# The wasm-bindgen CLI, at exactly the version of the wasm-bindgen crate in Cargo.lock.
if [ ! -f Cargo.lock ]; then
  say "writing Cargo.lock"
  cargo generate-lockfile
fi
want="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' \
  Cargo.lock)"
[ -n "$want" ] || die "no wasm-bindgen crate in Cargo.lock"
have="$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)"
if [ "$have" != "$want" ]; then
  say "cargo install wasm-bindgen-cli --version $want (was: ${have:-none}; takes minutes)"
  # Not --locked: one crate pinned in its lock file is not on the registry.
  cargo install wasm-bindgen-cli --version "$want"
  have="$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)"
  [ "$have" = "$want" ] ||
    die "wasm-bindgen on PATH is ${have:-missing} after installing $want: check PATH"
fi
say "wasm-bindgen $want"

if $with_test; then
  # rustfmt and clippy come with rustup's default profile; a minimal profile lacks them.
  if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
    say "rustup component add rustfmt clippy"
    rustup component add rustfmt clippy
  fi

  # A browser and its driver for the end-to-end test, which finds them itself
  # (BAOLIAN_CHROME and BAOLIAN_CHROMEDRIVER override the search).
  browser=""
  for candidate in "${BAOLIAN_CHROME:-}" chromium google-chrome chromium-browser; do
    if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1; then
      browser="$(command -v "$candidate")"
      break
    fi
  done
  driver="$(command -v "${BAOLIAN_CHROMEDRIVER:-chromedriver}" 2>/dev/null || true)"
  if [ -z "$browser" ] || [ -z "$driver" ]; then
    has_apt || die "install Chrome or Chromium and a matching ChromeDriver"
    apt_install chromium chromium-driver
    browser="$(command -v chromium)"
    driver="$(command -v chromedriver)"
  fi
  say "browser: $("$browser" --version 2>/dev/null | head -n 1)"
  say "driver: $("$driver" --version 2>/dev/null | head -n 1)"

  # Node.js and the packages of the JavaScript sync client (tests/js), exactly as
  # package-lock.json pins them. A stamp of the lock file skips npm when nothing changed.
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    has_apt || die "install Node.js 20 or later with npm"
    apt_install nodejs npm
  fi
  say "node: $(node --version)"
  stamp=tests/js/node_modules/.baolian-setup-stamp
  want_stamp="$(cat tests/js/package.json tests/js/package-lock.json | sha256sum | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want_stamp" ]; then
    say "npm ci --prefix tests/js"
    npm ci --prefix tests/js --no-audit --no-fund --loglevel=error
    printf '%s\n' "$want_stamp" >"$stamp"
  fi
  say "tests/js packages: installed"
fi

say "ready"
