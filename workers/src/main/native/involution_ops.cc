// Registers the Involution and InvolutionGrad ops and their CPU (and, when built with nvcc,
// GPU) kernels through TensorFlow's stable C API. Registration runs from a static initialiser
// when TensorFlow.loadLibrary() dlopens this library.
#include <cstdio>
#include <string>

#include "involution_kernels.h"
#include "tf_kernel_api.h"

namespace {

using involution::Dims;

std::string ShapeString(const TF_Tensor* t) {
  std::string s = "[";
  for (int i = 0; i < TF_NumDims(t); ++i) {
    if (i > 0) s += ",";
    s += std::to_string(TF_Dim(t, i));
  }
  return s + "]";
}

// ---------------------------------------------------------------------------------------------
// Shape inference: y has the shape of x; the gradients have the shapes of x and kernel.

bool InputWithRank(TF_ShapeInferenceContext* ctx, int input, int rank, TF_ShapeHandle* out,
                   TF_Status* status) {
  TF_ShapeHandle* in = TF_NewShapeHandle();
  TF_ShapeInferenceContextGetInput(ctx, input, in, status);
  if (TF_GetCode(status) == TF_OK) TF_ShapeInferenceContextWithRank(ctx, in, rank, out, status);
  TF_DeleteShapeHandle(in);
  return TF_GetCode(status) == TF_OK;
}

void InvolutionShape(TF_ShapeInferenceContext* ctx, TF_Status* status) {
  TF_ShapeHandle* x = TF_NewShapeHandle();
  TF_ShapeHandle* kernel = TF_NewShapeHandle();
  if (InputWithRank(ctx, 0, 4, x, status) && InputWithRank(ctx, 1, 5, kernel, status)) {
    TF_ShapeInferenceContextSetOutput(ctx, 0, x, status);
  }
  TF_DeleteShapeHandle(kernel);
  TF_DeleteShapeHandle(x);
}

void InvolutionGradShape(TF_ShapeInferenceContext* ctx, TF_Status* status) {
  TF_ShapeHandle* x = TF_NewShapeHandle();
  TF_ShapeHandle* kernel = TF_NewShapeHandle();
  TF_ShapeHandle* dy = TF_NewShapeHandle();
  if (InputWithRank(ctx, 0, 4, x, status) && InputWithRank(ctx, 1, 5, kernel, status) &&
      InputWithRank(ctx, 2, 4, dy, status)) {
    TF_ShapeInferenceContextSetOutput(ctx, 0, x, status);
    if (TF_GetCode(status) == TF_OK) TF_ShapeInferenceContextSetOutput(ctx, 1, kernel, status);
  }
  TF_DeleteShapeHandle(dy);
  TF_DeleteShapeHandle(kernel);
  TF_DeleteShapeHandle(x);
}

// ---------------------------------------------------------------------------------------------
// Kernels.

struct Attrs {
  int64_t kernel_size;
  int64_t dilation;
};

void* CreateKernel(TF_OpKernelConstruction* ctx) {
  Attrs* attrs = new Attrs();
  TF_Status* status = TF_NewStatus();
  TF_OpKernelConstruction_GetAttrInt64(ctx, "kernel_size", &attrs->kernel_size, status);
  if (TF_GetCode(status) == TF_OK) {
    TF_OpKernelConstruction_GetAttrInt64(ctx, "dilation", &attrs->dilation, status);
  }
  if (TF_GetCode(status) == TF_OK && attrs->kernel_size % 2 == 0) {
    std::string msg = "Involution: kernel_size must be odd (same padding is centred), got " +
                      std::to_string(attrs->kernel_size);
    TF_SetStatus(status, TF_INVALID_ARGUMENT, msg.c_str());
  }
  if (TF_GetCode(status) != TF_OK) TF_OpKernelConstruction_Failure(ctx, status);
  TF_DeleteStatus(status);
  return attrs;
}

void DeleteKernel(void* kernel) { delete static_cast<Attrs*>(kernel); }

// Checks x [B,H,W,C] against kernel [B,H,W,G,K*K] (and dy against x) and fills dims.
// The message names both shapes: a caller should not need a debugger to see what is wrong.
bool ValidateShapes(const char* op, const Attrs& attrs, const TF_Tensor* x,
                    const TF_Tensor* kernel, const TF_Tensor* dy, Dims* dims, TF_Status* status) {
  const int64_t kk = attrs.kernel_size * attrs.kernel_size;
  std::string problem;
  if (TF_NumDims(x) != 4) {
    problem = "x must have rank 4 [batch,height,width,channels]";
  } else if (TF_NumDims(kernel) != 5) {
    problem = "kernel must have rank 5 [batch,height,width,groups,kernel_size^2]";
  } else if (TF_Dim(kernel, 0) != TF_Dim(x, 0) || TF_Dim(kernel, 1) != TF_Dim(x, 1) ||
             TF_Dim(kernel, 2) != TF_Dim(x, 2)) {
    problem = "kernel batch, height and width must equal those of x";
  } else if (TF_Dim(kernel, 4) != kk) {
    problem = "kernel's last dimension must be kernel_size^2 = " + std::to_string(kk);
  } else if (TF_Dim(kernel, 3) < 1 || TF_Dim(x, 3) % TF_Dim(kernel, 3) != 0) {
    problem = "channels of x must be a multiple of the kernel's groups";
  } else if (dy != nullptr && (TF_NumDims(dy) != 4 || TF_Dim(dy, 0) != TF_Dim(x, 0) ||
                               TF_Dim(dy, 1) != TF_Dim(x, 1) || TF_Dim(dy, 2) != TF_Dim(x, 2) ||
                               TF_Dim(dy, 3) != TF_Dim(x, 3))) {
    problem = "dy must have the shape of x, got dy " + ShapeString(dy);
  }
  if (!problem.empty()) {
    std::string msg = std::string(op) + ": " + problem + " (x " + ShapeString(x) + ", kernel " +
                      ShapeString(kernel) + ", kernel_size " + std::to_string(attrs.kernel_size) +
                      ", dilation " + std::to_string(attrs.dilation) + ")";
    TF_SetStatus(status, TF_INVALID_ARGUMENT, msg.c_str());
    return false;
  }
  *dims = Dims{TF_Dim(x, 0),      TF_Dim(x, 1), TF_Dim(x, 2),        TF_Dim(x, 3),
               TF_Dim(kernel, 3), attrs.kernel_size, attrs.dilation};
  return true;
}

int64_t ByteSize(const TF_Tensor* t, size_t element) {
  int64_t n = 1;
  for (int i = 0; i < TF_NumDims(t); ++i) n *= TF_Dim(t, i);
  return n * static_cast<int64_t>(element);
}

TF_Tensor* AllocateLike(TF_OpKernelContext* ctx, int index, TF_DataType type, const TF_Tensor* like,
                        size_t element, TF_Status* status) {
  int64_t dims[5];
  for (int i = 0; i < TF_NumDims(like); ++i) dims[i] = TF_Dim(like, i);
  return TF_AllocateOutput(ctx, index, type, dims, TF_NumDims(like),
                           static_cast<size_t>(ByteSize(like, element)), status);
}

// Runs a forward or backward computation once its inputs are fetched and checked, and its
// outputs allocated; the device (CPU or GPU) is the Compute policy's business.
struct CpuDevice {
  template <typename T>
  static const char* Forward(const Dims& d, const T* x, const T* k, T* y) {
    involution::ForwardCpu<T>(d, x, k, y);
    return nullptr;
  }
  template <typename T>
  static const char* Backward(const Dims& d, const T* x, const T* k, const T* dy, T* dx, T* dk) {
    involution::BackwardCpu<T>(d, x, k, dy, dx, dk);
    return nullptr;
  }
};

#ifdef INVOLUTION_WITH_CUDA
struct GpuDevice {
  template <typename T>
  static const char* Forward(const Dims& d, const T* x, const T* k, T* y) {
    return involution::ForwardGpu(d, x, k, y);
  }
  template <typename T>
  static const char* Backward(const Dims& d, const T* x, const T* k, const T* dy, T* dx, T* dk) {
    return involution::BackwardGpu(d, x, k, dy, dx, dk);
  }
};
#endif

template <typename T>
constexpr TF_DataType DataType();
template <>
constexpr TF_DataType DataType<float>() { return TF_FLOAT; }
template <>
constexpr TF_DataType DataType<double>() { return TF_DOUBLE; }

// Inputs and outputs a compute call owns; released in one place whatever path it leaves by.
struct Tensors {
  TF_Tensor* t[5] = {nullptr, nullptr, nullptr, nullptr, nullptr};
  ~Tensors() {
    for (TF_Tensor* x : t)
      if (x != nullptr) TF_DeleteTensor(x);
  }
};

void Fail(TF_OpKernelContext* ctx, TF_Status* status, const char* op, const char* device_error) {
  if (device_error != nullptr) {
    std::string msg = std::string(op) + ": " + device_error;
    TF_SetStatus(status, TF_INTERNAL, msg.c_str());
  }
  TF_OpKernelContext_Failure(ctx, status);
}

template <typename T, typename Device>
void ComputeForward(void* kernel, TF_OpKernelContext* ctx) {
  const Attrs& attrs = *static_cast<Attrs*>(kernel);
  TF_Status* status = TF_NewStatus();
  Tensors ts;
  Dims d;
  TF_GetInput(ctx, 0, &ts.t[0], status);
  if (TF_GetCode(status) == TF_OK) TF_GetInput(ctx, 1, &ts.t[1], status);
  if (TF_GetCode(status) == TF_OK &&
      ValidateShapes("Involution", attrs, ts.t[0], ts.t[1], nullptr, &d, status)) {
    ts.t[2] = AllocateLike(ctx, 0, DataType<T>(), ts.t[0], sizeof(T), status);
  }
  const char* device_error = nullptr;
  if (TF_GetCode(status) == TF_OK && d.batch * d.height * d.width * d.channels > 0) {
    device_error = Device::template Forward<T>(d, static_cast<const T*>(TF_TensorData(ts.t[0])),
                                              static_cast<const T*>(TF_TensorData(ts.t[1])),
                                              static_cast<T*>(TF_TensorData(ts.t[2])));
  }
  if (TF_GetCode(status) != TF_OK || device_error != nullptr) {
    Fail(ctx, status, "Involution", device_error);
  }
  TF_DeleteStatus(status);
}

template <typename T, typename Device>
void ComputeBackward(void* kernel, TF_OpKernelContext* ctx) {
  const Attrs& attrs = *static_cast<Attrs*>(kernel);
  TF_Status* status = TF_NewStatus();
  Tensors ts;
  Dims d;
  for (int i = 0; i < 3 && TF_GetCode(status) == TF_OK; ++i) TF_GetInput(ctx, i, &ts.t[i], status);
  if (TF_GetCode(status) == TF_OK &&
      ValidateShapes("InvolutionGrad", attrs, ts.t[0], ts.t[1], ts.t[2], &d, status)) {
    ts.t[3] = AllocateLike(ctx, 0, DataType<T>(), ts.t[0], sizeof(T), status);
    if (TF_GetCode(status) == TF_OK) {
      ts.t[4] = AllocateLike(ctx, 1, DataType<T>(), ts.t[1], sizeof(T), status);
    }
  }
  const char* device_error = nullptr;
  if (TF_GetCode(status) == TF_OK && d.batch * d.height * d.width * d.channels > 0) {
    device_error = Device::template Backward<T>(
        d, static_cast<const T*>(TF_TensorData(ts.t[0])),
        static_cast<const T*>(TF_TensorData(ts.t[1])),
        static_cast<const T*>(TF_TensorData(ts.t[2])), static_cast<T*>(TF_TensorData(ts.t[3])),
        static_cast<T*>(TF_TensorData(ts.t[4])));
  }
  if (TF_GetCode(status) != TF_OK || device_error != nullptr) {
    Fail(ctx, status, "InvolutionGrad", device_error);
  }
  TF_DeleteStatus(status);
}

// ---------------------------------------------------------------------------------------------
// Registration.

void Check(TF_Status* status, const char* what) {
  if (TF_GetCode(status) != TF_OK) {
    std::fprintf(stderr, "involution: registering %s failed: %s\n", what, TF_Message(status));
  }
}

void RegisterOps() {
  TF_Status* status = TF_NewStatus();

  TF_OpDefinitionBuilder* fwd = TF_NewOpDefinitionBuilder("Involution");
  TF_OpDefinitionBuilderAddInput(fwd, "x: T");
  TF_OpDefinitionBuilderAddInput(fwd, "kernel: T");
  TF_OpDefinitionBuilderAddOutput(fwd, "y: T");
  TF_OpDefinitionBuilderAddAttr(fwd, "T: {float, double}");
  TF_OpDefinitionBuilderAddAttr(fwd, "kernel_size: int >= 1");
  TF_OpDefinitionBuilderAddAttr(fwd, "dilation: int >= 1 = 1");
  TF_OpDefinitionBuilderSetShapeInferenceFunction(fwd, &InvolutionShape);
  TF_RegisterOpDefinition(fwd, status);
  Check(status, "op Involution");

  TF_OpDefinitionBuilder* bwd = TF_NewOpDefinitionBuilder("InvolutionGrad");
  TF_OpDefinitionBuilderAddInput(bwd, "x: T");
  TF_OpDefinitionBuilderAddInput(bwd, "kernel: T");
  TF_OpDefinitionBuilderAddInput(bwd, "dy: T");
  TF_OpDefinitionBuilderAddOutput(bwd, "dx: T");
  TF_OpDefinitionBuilderAddOutput(bwd, "dkernel: T");
  TF_OpDefinitionBuilderAddAttr(bwd, "T: {float, double}");
  TF_OpDefinitionBuilderAddAttr(bwd, "kernel_size: int >= 1");
  TF_OpDefinitionBuilderAddAttr(bwd, "dilation: int >= 1 = 1");
  TF_OpDefinitionBuilderSetShapeInferenceFunction(bwd, &InvolutionGradShape);
  TF_RegisterOpDefinition(bwd, status);
  Check(status, "op InvolutionGrad");

  TF_DeleteStatus(status);
}

template <typename T, typename Device>
void RegisterKernels(const char* device) {
  TF_Status* status = TF_NewStatus();
  const std::string suffix = std::string(device) + "_" + std::to_string(DataType<T>());

  TF_KernelBuilder* fwd = TF_NewKernelBuilder("Involution", device, &CreateKernel,
                                              &ComputeForward<T, Device>, &DeleteKernel);
  TF_KernelBuilder_TypeConstraint(fwd, "T", DataType<T>(), status);
  if (TF_GetCode(status) == TF_OK) {
    TF_RegisterKernelBuilder(("Involution_" + suffix).c_str(), fwd, status);
  }
  Check(status, "Involution kernel");

  TF_KernelBuilder* bwd = TF_NewKernelBuilder("InvolutionGrad", device, &CreateKernel,
                                              &ComputeBackward<T, Device>, &DeleteKernel);
  TF_KernelBuilder_TypeConstraint(bwd, "T", DataType<T>(), status);
  if (TF_GetCode(status) == TF_OK) {
    TF_RegisterKernelBuilder(("InvolutionGrad_" + suffix).c_str(), bwd, status);
  }
  Check(status, "InvolutionGrad kernel");

  TF_DeleteStatus(status);
}

const bool kRegistered = [] {
  RegisterOps();
  RegisterKernels<float, CpuDevice>("CPU");
  RegisterKernels<double, CpuDevice>("CPU");
#ifdef INVOLUTION_WITH_CUDA
  if (involution::GpuUsable()) RegisterKernels<float, GpuDevice>("GPU");
#endif
  return true;
}();

}  // namespace
