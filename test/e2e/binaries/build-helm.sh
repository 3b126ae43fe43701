#!/usr/bin/env bash
# Builds helm from its Go module (helm/go.mod) into the same cache as kube-apiserver, in a folder keyed by version,
# once. Prints the binary's path on stdout (the last line). Does nothing when it is already there.
# HELM (a helm v4 binary of your own) is honoured by the test harness, not here: this script always builds.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

helm_version="$(awk '$1 == "helm.sh/helm/v4" && $2 ~ /^v4\./ {print $2}' "$here/helm/go.mod" | head -n1)"
[ -n "$helm_version" ] || { echo "build-helm.sh: cannot read helm's version from helm/go.mod" >&2; exit 2; }

# shellcheck source=go-cache.sh
. "$here/go-cache.sh"
bin="$cache_root/helm-$helm_version"
if [ -x "$bin/helm" ]; then
  echo "$bin/helm"
  exit 0
fi

need_go build-helm.sh "helm, or set HELM to a helm v4 binary"
work="$(start_build "$bin")"

# As helm's Makefile does: `helm version` then says which helm this is.
ldflags="-s -w -X helm.sh/helm/v4/internal/version.version=$helm_version -X helm.sh/helm/v4/internal/version.gitTreeState=clean"
echo "build-helm.sh: building helm $helm_version into $bin (a cold build takes a while)" >&2
(cd "$here/helm" && go build -trimpath -ldflags "$ldflags" -o "$work/helm" helm.sh/helm/v4/cmd/helm) >&2

finish_build "$bin"
echo "$bin/helm"
