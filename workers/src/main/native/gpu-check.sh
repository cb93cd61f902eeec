#!/usr/bin/env bash
# Checks the CUDA involution kernels on a machine with an NVIDIA GPU, in under 5 minutes:
#   1. builds the kernel tests with the CUDA kernels (nvcc; sm_80 and sm_90 code, PTX beyond),
#   2. runs them: the CPU kernels against the reference loop, then the GPU kernels against the
#      reference and the CPU kernels (fails when no GPU is usable rather than skipping it),
#   3. times the GPU kernels against the CPU kernels on the benchmark shapes.
# Needs no TensorFlow and no Maven. Exits non-zero with a message saying what is missing.
#
#   workers/src/main/native/gpu-check.sh [BUILD_DIR]    (default: a fresh temporary folder)
#
# Environment: NVCC (the nvcc to use), CUDA_HOME (its toolkit), GPU_CHECK_TIMEOUT (seconds for
# the tests and timings together; default 180).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
limit="${GPU_CHECK_TIMEOUT:-180}"

fail() {
  echo "gpu-check: $*" >&2
  exit 1
}

nvcc="${NVCC:-$(command -v nvcc || true)}"
if [ -z "$nvcc" ] || [ ! -x "$nvcc" ]; then
  fail "nvcc not found: install the CUDA toolkit or set NVCC"
fi
command -v nvidia-smi >/dev/null \
  || fail "nvidia-smi not found: no NVIDIA driver on this machine, so no GPU to check"
gpus="$(nvidia-smi -L 2>/dev/null || true)"
[ -n "$gpus" ] || fail "nvidia-smi lists no GPU: no NVIDIA GPU is usable on this machine"
echo "gpu-check: $gpus"
echo "gpu-check: $("$nvcc" --version | tail -n 1)"

build="${1:-$(mktemp -d "${TMPDIR:-/tmp}/involution-gpu-check.XXXXXX")}"
mkdir -p "$build"
echo "gpu-check: building the kernel tests with CUDA in $build"
start=$SECONDS
make -s -C "$here" -j "$(nproc)" NVCC="$nvcc" BUILD_DIR="$build" "$build/kernel_test"
echo "gpu-check: built in $((SECONDS - start)) s"

echo "gpu-check: kernel tests, GPU against the reference and the CPU kernels, then timings"
start=$SECONDS
timeout "$limit" "$build/kernel_test" --require-gpu --bench-gpu
echo "gpu-check: passed in $((SECONDS - start)) s"
