#!/usr/bin/env bash
# Builds the images' base from Debian packages alone, without a Docker daemon or a registry:
# mmdebstrap makes a bookworm root file system with a headless JRE and the user "screening"
# (uid 10001), buildah turns it into a Docker-format archive that Jib builds on (tar://).
#   deploy/images/base.sh [OUT]   (default deploy/target/images/base.tar; needs root)
set -euo pipefail
deploy="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$deploy/target/images/base.tar}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$out")"

# The hooks run in mmdebstrap's shell, where $1 is the root file system: single quotes on purpose.
# shellcheck disable=SC2016
mmdebstrap --variant=essential --include=openjdk-17-jre-headless,curl,ca-certificates \
  --customize-hook='echo "screening:x:10001:" >> "$1/etc/group"' \
  --customize-hook='echo "screening:x:10001:10001::/nonexistent:/usr/sbin/nologin" >> "$1/etc/passwd"' \
  --customize-hook='mkdir -p "$1/var/cache/screening" && chown 10001:10001 "$1/var/cache/screening"' \
  --customize-hook='rm -rf "$1/var/cache/apt"/*.bin "$1/var/lib/apt/lists"/*' \
  bookworm "$work/rootfs.tar"

buildah="buildah --storage-driver vfs"
container="$($buildah from scratch)"
$buildah add "$container" "$work/rootfs.tar" /
$buildah config --user 10001:10001 --env JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 \
  --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$container"
image="$($buildah commit --rm "$container" screening-base:bookworm)"
rm -f "$out"
$buildah push "$image" "docker-archive:$out:screening-base:bookworm"
echo "base image: $out"
