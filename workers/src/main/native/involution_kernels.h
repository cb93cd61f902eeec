// Compute entry points of the involution op, free of any TensorFlow type so that the CPU and
// CUDA kernels can be tested on their own. Layout is NHWC throughout:
//   x      [batch, height, width, channels]
//   kernel [batch, height, width, groups, kernel_size * kernel_size]
//   y      [batch, height, width, channels]
//   y[b,i,j,c] = sum_{u,v} kernel[b,i,j,c / (channels / groups), u*K+v]
//                          * x[b, i + (u - K/2) * dilation, j + (v - K/2) * dilation, c]
// with zeros outside the image (stride 1, same padding, odd K).
#ifndef SCREENING_INVOLUTION_KERNELS_H_
#define SCREENING_INVOLUTION_KERNELS_H_

#include <stdint.h>

namespace involution {

struct Dims {
  int64_t batch, height, width, channels, groups, kernel_size, dilation;
};

// Each function writes every element of its outputs (callers pass uninitialised memory).
template <typename T>
void ForwardCpu(const Dims& d, const T* x, const T* kernel, T* y);

template <typename T>
void BackwardCpu(const Dims& d, const T* x, const T* kernel, const T* dy, T* dx, T* dkernel);

// Device pointers; return nullptr on success or a static error message. Both synchronise the
// device before reading and before returning (see involution_cuda.cu for why).
const char* ForwardGpu(const Dims& d, const float* x, const float* kernel, float* y);
const char* BackwardGpu(const Dims& d, const float* x, const float* kernel, const float* dy,
                        float* dx, float* dkernel);

// Whether the CUDA runtime this library was built with finds a device it can use. The kernels
// are built with CUDA 13 while TF's GPU build wants CUDA 12: on a host whose driver is too old
// for CUDA 13 the GPU kernel must not be registered, so TF places the op on the CPU instead of
// failing at run time.
bool GpuUsable();

}  // namespace involution

#endif  // SCREENING_INVOLUTION_KERNELS_H_
