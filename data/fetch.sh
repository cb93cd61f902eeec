#!/usr/bin/env bash
# Fetches the Debian packages that hold the build-time data (see data/README.md), checks every
# package file against data/SHA256SUMS and unpacks it into the cache. Build time only: the
# service never fetches anything.
#
# Usage: data/fetch.sh [CACHE_DIR [SUMS_FILE]]   (defaults: data/cache and data/SHA256SUMS)
#   data/fetch.sh data/cache data/TOOLS.SHA256SUMS   fetches the test tools (promtool) instead
#
# SHA256SUMS is the one list of what to fetch: each line pins a package file
# <package>_<version>_<arch>.deb, so the version asked of apt and the bytes accepted cannot drift
# apart. Re-running skips packages already unpacked; a package is marked unpacked only after its
# checked file was extracted in full.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$(realpath -m "${1:-$here/cache}")"
sums="$(realpath -m "${2:-$here/SHA256SUMS}")"
debs="$cache/debs"
mkdir -p "$debs"

verify() { # sum file
  echo "$1  $2" | sha256sum --check --quiet --status -
}

download() { # package version
  # apt-get download writes into the current folder and needs no root; an outdated package
  # index is the usual reason it fails, and refreshing it does need root.
  if (cd "$debs" && apt-get download -q "$1=$2"); then
    return 0
  fi
  echo "fetch: download of $1 $2 failed; refreshing the package index" >&2
  if [[ $(id -u) -ne 0 ]]; then
    echo "fetch: run 'apt-get update' as root, then run $0 again" >&2
    return 1
  fi
  apt-get update -q && (cd "$debs" && apt-get download -q "$1=$2")
}

while read -r sum deb; do
  [[ -n "$sum" ]] || continue
  package="${deb%%_*}"
  version="${deb#*_}"
  version="${version%_*}"
  version="${version//%3a/:}"   # deb file names spell an epoch's colon as %3a
  target="$cache/$package"

  if [[ -f "$target/.unpacked" ]]; then
    echo "fetch: $package $version already unpacked in $target"
    continue
  fi
  if [[ ! -f "$debs/$deb" ]] || ! verify "$sum" "$debs/$deb"; then
    rm -f "$debs/$deb"
    download "$package" "$version"
  fi
  if ! verify "$sum" "$debs/$deb"; then
    echo "fetch: $deb does not match its sha256 in $sums; refusing it" >&2
    rm -f "$debs/$deb"
    exit 1
  fi
  rm -rf "$target"
  dpkg-deb -x "$debs/$deb" "$target"
  touch "$target/.unpacked"
  echo "fetch: $package $version checked and unpacked in $target"
done < "$sums"
