// CPU kernels of the involution op. PLACEHOLDER: a direct loop, correct but slow.
#include <cstring>

#include "involution_kernels.h"

namespace involution {

template <typename T>
void ForwardCpu(const Dims& d, const T* x, const T* kernel, T* y) {
  const int64_t K = d.kernel_size, KK = K * K, r = K / 2, cpg = d.channels / d.groups;
  for (int64_t b = 0; b < d.batch; ++b)
    for (int64_t i = 0; i < d.height; ++i)
      for (int64_t j = 0; j < d.width; ++j)
        for (int64_t c = 0; c < d.channels; ++c) {
          const T* h = kernel + (((b * d.height + i) * d.width + j) * d.groups + c / cpg) * KK;
          T acc = 0;
          for (int64_t u = 0; u < K; ++u) {
            const int64_t ii = i + (u - r) * d.dilation;
            if (ii < 0 || ii >= d.height) continue;
            for (int64_t v = 0; v < K; ++v) {
              const int64_t jj = j + (v - r) * d.dilation;
              if (jj < 0 || jj >= d.width) continue;
              acc += h[u * K + v] * x[((b * d.height + ii) * d.width + jj) * d.channels + c];
            }
          }
          y[((b * d.height + i) * d.width + j) * d.channels + c] = acc;
        }
}

template <typename T>
void BackwardCpu(const Dims& d, const T* x, const T* kernel, const T* dy, T* dx, T* dkernel) {
  const int64_t K = d.kernel_size, KK = K * K, r = K / 2, cpg = d.channels / d.groups;
  std::memset(dx, 0, sizeof(T) * d.batch * d.height * d.width * d.channels);
  std::memset(dkernel, 0, sizeof(T) * d.batch * d.height * d.width * d.groups * KK);
  for (int64_t b = 0; b < d.batch; ++b)
    for (int64_t i = 0; i < d.height; ++i)
      for (int64_t j = 0; j < d.width; ++j)
        for (int64_t c = 0; c < d.channels; ++c) {
          const int64_t hoff = (((b * d.height + i) * d.width + j) * d.groups + c / cpg) * KK;
          const T g = dy[((b * d.height + i) * d.width + j) * d.channels + c];
          for (int64_t u = 0; u < K; ++u) {
            const int64_t ii = i + (u - r) * d.dilation;
            if (ii < 0 || ii >= d.height) continue;
            for (int64_t v = 0; v < K; ++v) {
              const int64_t jj = j + (v - r) * d.dilation;
              if (jj < 0 || jj >= d.width) continue;
              const int64_t xo = ((b * d.height + ii) * d.width + jj) * d.channels + c;
              dkernel[hoff + u * K + v] += g * x[xo];
              dx[xo] += g * kernel[hoff + u * K + v];
            }
          }
        }
}

template void ForwardCpu<float>(const Dims&, const float*, const float*, float*);
template void ForwardCpu<double>(const Dims&, const double*, const double*, double*);
template void BackwardCpu<float>(const Dims&, const float*, const float*, const float*, float*,
                                 float*);
template void BackwardCpu<double>(const Dims&, const double*, const double*, const double*,
                                  double*, double*);

}  // namespace involution
