# Sourced by build.sh and build-helm.sh: the version-keyed cache both build into, and the Go they build with.
# shellcheck shell=bash

cache_root="${DUALSTACK_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dualstack-webhook-e2e}"

# need_go SCRIPT ALTERNATIVE: Go on PATH (the machine's /usr/local/go if need be), or a clear exit naming the
# alternative. The go.mod files name go 1.26.0; a machine with an older Go fetches a newer toolchain through the
# module proxy (GOTOOLCHAIN=auto).
need_go() {
  command -v go >/dev/null 2>&1 || export PATH="$PATH:/usr/local/go/bin"
  command -v go >/dev/null 2>&1 || { echo "$1: Go is needed to build ($2)" >&2; exit 2; }
  export GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
  export CGO_ENABLED=0 GOFLAGS=-mod=mod
}

# start_build FOLDER: an empty FOLDER.partial to build into (printed); finish_build FOLDER moves it into place only
# when whole, so an interrupted build never passes for a cached one.
start_build() {
  rm -rf "$1.partial"
  mkdir -p "$1.partial"
  echo "$1.partial"
}
finish_build() {
  rm -rf "$1"
  mv "$1.partial" "$1"
}
