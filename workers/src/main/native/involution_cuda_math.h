// Per-element arithmetic of the CUDA kernels (involution_cuda.cu). It compiles for the host too,
// so that the native test checks the index arithmetic on machines without a GPU.
#ifndef SCREENING_INVOLUTION_CUDA_MATH_H_
#define SCREENING_INVOLUTION_CUDA_MATH_H_

#include <math.h>
#include <stdint.h>

#include "involution_kernels.h"

#ifdef __CUDACC__
#define INVOLUTION_HOST_DEVICE __host__ __device__ __forceinline__
#else
#define INVOLUTION_HOST_DEVICE inline
#endif

namespace involution {
namespace cuda_math {

struct Shape {
  int64_t H, W, C, G, K, KK, r, dil, cpg;
};

inline Shape MakeShape(const Dims& d) {
  return Shape{d.height,      d.width, d.channels,     d.groups, d.kernel_size,
               d.kernel_size * d.kernel_size, d.kernel_size / 2, d.dilation,
               d.channels / d.groups};
}

// Read-only loads through the texture path on the device.
INVOLUTION_HOST_DEVICE float Load(const float* p) {
#ifdef __CUDA_ARCH__
  return __ldg(p);
#else
  return *p;
#endif
}

// y[e], e = pix * C + c with pix = (b * H + i) * W + j.
INVOLUTION_HOST_DEVICE float ForwardAt(const Shape& s, int64_t e, const float* x,
                                       const float* kernel) {
  const int64_t c = e % s.C, pix = e / s.C;
  const int64_t j = pix % s.W, i = (pix / s.W) % s.H, image = pix - i * s.W - j;
  const float* h = kernel + (pix * s.G + c / s.cpg) * s.KK;
  float acc = 0.f;
  for (int64_t u = 0; u < s.K; ++u) {
    const int64_t ii = i + (u - s.r) * s.dil;
    if (ii < 0 || ii >= s.H) continue;
    for (int64_t v = 0; v < s.K; ++v) {
      const int64_t jj = j + (v - s.r) * s.dil;
      if (jj < 0 || jj >= s.W) continue;
      acc = fmaf(Load(h + u * s.K + v), Load(x + (image + ii * s.W + jj) * s.C + c), acc);
    }
  }
  return acc;
}

// dkernel[e], e = (pix * G + g) * KK + uv: the channels of group g of dy at pix against x at pix
// shifted by tap uv.
INVOLUTION_HOST_DEVICE float KernelGradAt(const Shape& s, int64_t e, const float* x,
                                          const float* dy) {
  const int64_t uv = e % s.KK, g = (e / s.KK) % s.G, pix = e / (s.KK * s.G);
  const int64_t j = pix % s.W, i = (pix / s.W) % s.H;
  const int64_t ii = i + (uv / s.K - s.r) * s.dil, jj = j + (uv % s.K - s.r) * s.dil;
  float acc = 0.f;
  if (ii >= 0 && ii < s.H && jj >= 0 && jj < s.W) {
    const float* d = dy + pix * s.C + g * s.cpg;
    const float* xs = x + (pix + (ii - i) * s.W + (jj - j)) * s.C + g * s.cpg;
    for (int64_t c = 0; c < s.cpg; ++c) acc = fmaf(Load(d + c), Load(xs + c), acc);
  }
  return acc;
}

// dx[e], e = pix * C + c, gathered: for each tap uv, the output o that reads pix through uv
// (o = pix shifted by minus the tap's offset) contributes kernel[o, g(c), uv] * dy[o, c].
INVOLUTION_HOST_DEVICE float InputGradAt(const Shape& s, int64_t e, const float* kernel,
                                         const float* dy) {
  const int64_t c = e % s.C, pix = e / s.C, g = c / s.cpg;
  const int64_t q = pix % s.W, p = (pix / s.W) % s.H, image = pix - p * s.W - q;
  float acc = 0.f;
  for (int64_t u = 0; u < s.K; ++u) {
    const int64_t i = p - (u - s.r) * s.dil;
    if (i < 0 || i >= s.H) continue;
    for (int64_t v = 0; v < s.K; ++v) {
      const int64_t j = q - (v - s.r) * s.dil;
      if (j < 0 || j >= s.W) continue;
      const int64_t o = image + i * s.W + j;
      acc = fmaf(Load(kernel + (o * s.G + g) * s.KK + u * s.K + v), Load(dy + o * s.C + c), acc);
    }
  }
  return acc;
}

}  // namespace cuda_math
}  // namespace involution

#endif  // SCREENING_INVOLUTION_CUDA_MATH_H_
