// CUDA kernels of the involution op, float only (definition in involution_kernels.h).
//
// One thread per output element throughout, each summing its own terms (involution_cuda_math.h),
// so no kernel needs atomics: dkernel is one thread per (pixel, group, tap) summing the group's
// channels, and dx is a gather, one thread per element of x summing over the taps that read it.
//
// Synchronisation: TensorFlow does not give C-API kernels its CUDA stream (TF_GetStream is
// refused outside pluggable devices), so these kernels run on the legacy default stream, which
// does not order itself with TensorFlow's non-blocking streams. Hence cudaDeviceSynchronize()
// before reading the inputs (their producers may still be writing them on TensorFlow's stream)
// and again before returning (consumers will read the outputs on TensorFlow's stream).
#include <cuda_runtime.h>

#include "involution_cuda_math.h"
#include "involution_kernels.h"

namespace involution {
namespace {

using cuda_math::Shape;

constexpr int kThreads = 256;
constexpr int64_t kMaxBlocks = 1 << 20;  // grid-stride loops cover the rest

__device__ int64_t FirstIndex() {
  return blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
}
__device__ int64_t Stride() { return static_cast<int64_t>(gridDim.x) * blockDim.x; }

__global__ void ForwardKernel(Shape s, int64_t n, const float* __restrict__ x,
                              const float* __restrict__ kernel, float* __restrict__ y) {
  for (int64_t e = FirstIndex(); e < n; e += Stride()) {
    y[e] = cuda_math::ForwardAt(s, e, x, kernel);
  }
}

__global__ void KernelGradKernel(Shape s, int64_t n, const float* __restrict__ x,
                                 const float* __restrict__ dy, float* __restrict__ dkernel) {
  for (int64_t e = FirstIndex(); e < n; e += Stride()) {
    dkernel[e] = cuda_math::KernelGradAt(s, e, x, dy);
  }
}

__global__ void InputGradKernel(Shape s, int64_t n, const float* __restrict__ kernel,
                                const float* __restrict__ dy, float* __restrict__ dx) {
  for (int64_t e = FirstIndex(); e < n; e += Stride()) {
    dx[e] = cuda_math::InputGradAt(s, e, kernel, dy);
  }
}

int Blocks(int64_t n) {
  const int64_t blocks = (n + kThreads - 1) / kThreads;
  return static_cast<int>(blocks < kMaxBlocks ? blocks : kMaxBlocks);
}

// Makes the device holding x current (TensorFlow may have placed the op on any GPU) and waits
// for the work TensorFlow queued on it.
cudaError_t Begin(const void* x) {
  cudaPointerAttributes attrs;
  if (cudaPointerGetAttributes(&attrs, x) == cudaSuccess && attrs.type == cudaMemoryTypeDevice) {
    int current = -1;
    cudaGetDevice(&current);
    if (current != attrs.device) {
      const cudaError_t err = cudaSetDevice(attrs.device);
      if (err != cudaSuccess) return err;
    }
  }
  cudaGetLastError();  // a failed query must not be reported as a failed launch by Finish()
  return cudaDeviceSynchronize();
}

const char* Finish() {
  cudaError_t err = cudaGetLastError();
  if (err == cudaSuccess) err = cudaDeviceSynchronize();
  return err == cudaSuccess ? nullptr : cudaGetErrorString(err);
}

}  // namespace

const char* ForwardGpu(const Dims& d, const float* x, const float* kernel, float* y) {
  const cudaError_t err = Begin(x);
  if (err != cudaSuccess) return cudaGetErrorString(err);
  const int64_t n = d.batch * d.height * d.width * d.channels;
  if (n > 0) ForwardKernel<<<Blocks(n), kThreads>>>(cuda_math::MakeShape(d), n, x, kernel, y);
  return Finish();
}

const char* BackwardGpu(const Dims& d, const float* x, const float* kernel, const float* dy,
                        float* dx, float* dkernel) {
  const cudaError_t err = Begin(x);
  if (err != cudaSuccess) return cudaGetErrorString(err);
  const Shape s = cuda_math::MakeShape(d);
  const int64_t nx = d.batch * d.height * d.width * d.channels;
  const int64_t nk = d.batch * d.height * d.width * d.groups * s.KK;
  if (nk > 0) KernelGradKernel<<<Blocks(nk), kThreads>>>(s, nk, x, dy, dkernel);
  if (nx > 0) InputGradKernel<<<Blocks(nx), kThreads>>>(s, nx, kernel, dy, dx);
  return Finish();
}

bool GpuUsable() {
  int devices = 0;
  return cudaGetDeviceCount(&devices) == cudaSuccess && devices > 0;
}

}  // namespace involution
