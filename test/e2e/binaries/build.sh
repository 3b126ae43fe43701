#!/usr/bin/env bash
# Builds kube-apiserver, kubectl and etcd from their Go modules into a cache folder keyed by version, once.
# Prints the folder on stdout (the last line). Does nothing when the three binaries are already there.
# KUBEBUILDER_ASSETS (the envtest convention) is honoured by the test harness, not here: this script always builds.
# `build.sh --controller-manager` builds kube-controller-manager instead, from the same kube module, into a folder of its
# own (`kube-controller-manager-<version>/`): the three binaries' folder stays valid, and only the VAP type-check test
# (test/e2e/vap-differential.e2e.ts) needs it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
controller_manager=false
case "${1:-}" in
  --controller-manager) controller_manager=true ;;
  '') ;;
  *) echo "build.sh: unknown argument $1 (only --controller-manager)" >&2; exit 2 ;;
esac

# The versions are the ones the committed go.mod files require (tidy marks them indirect: they are only built as tools).
kube_version="$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v1\./ {print $2}' "$here/kube/go.mod" | head -n1)"
etcd_version="$(awk '$1 == "go.etcd.io/etcd/server/v3" && $2 ~ /^v3\./ {print $2}' "$here/etcd/go.mod" | head -n1)"
[ -n "$kube_version" ] && [ -n "$etcd_version" ] || { echo "build.sh: cannot read the versions from the go.mod files" >&2; exit 2; }

# shellcheck source=go-cache.sh
. "$here/go-cache.sh"
minor="$(echo "$kube_version" | cut -d. -f2)"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags="$ldflags -X $pkg.gitVersion=$kube_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
done

if [ "$controller_manager" = true ]; then
  bin="$cache_root/kube-controller-manager-$kube_version"
  if [ ! -x "$bin/kube-controller-manager" ]; then
    need_go build.sh "kube-controller-manager, or set KUBE_CONTROLLER_MANAGER"
    work="$(start_build "$bin")"
    echo "build.sh: building kube-controller-manager $kube_version into $bin (a cold build takes a while)" >&2
    (cd "$here/kube" && go build -trimpath -tags=notest,grpcnotrace -ldflags "$ldflags" -o "$work/" \
      k8s.io/kubernetes/cmd/kube-controller-manager) >&2
    finish_build "$bin"
  fi
  echo "$bin"
  exit 0
fi

bin="$cache_root/kube-$kube_version-etcd-$etcd_version"
if [ -x "$bin/kube-apiserver" ] && [ -x "$bin/kubectl" ] && [ -x "$bin/etcd" ]; then
  echo "$bin"
  exit 0
fi

need_go build.sh "the end-to-end binaries, or set KUBEBUILDER_ASSETS"
work="$(start_build "$bin")"

echo "build.sh: building kube-apiserver and kubectl $kube_version, etcd $etcd_version into $bin (a cold build takes a while)" >&2
(cd "$here/kube" && go build -trimpath -tags=notest,grpcnotrace -ldflags "$ldflags" -o "$work/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl) >&2
(cd "$here/etcd" && go build -trimpath -ldflags "-s -w" -o "$work/etcd" go.etcd.io/etcd/server/v3) >&2

finish_build "$bin"
echo "$bin"
