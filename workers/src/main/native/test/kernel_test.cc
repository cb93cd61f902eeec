// Native tests of the involution kernels, without TensorFlow: the CPU kernels (and the CUDA ones,
// when a device is present) against a straightforward reference loop.
//
//   kernel_test            all tests; exits non-zero naming the first shape that fails
//   kernel_test --no-gpu   CPU tests only
//   kernel_test --quick    fewer shapes, for the instrumented builds (sanitizers, valgrind),
//                          which run 5-50x slower
//   kernel_test --bench    naive loop vs the CPU kernels on the benchmark shapes (float)
//   kernel_test --require-gpu [--bench-gpu]
//                          as kernel_test, but failing when no CUDA device is usable; then the
//                          CUDA kernels against the CPU kernels on the benchmark shapes
//                          (gpu-check.sh runs this on a machine with an NVIDIA GPU)
//
// Beyond the fixed shapes: random shapes, groups, dilations and thread counts against the
// reference (KERNEL_TEST_SEED picks another draw; a failure prints the seed it used), and
// bit-for-bit repeatability of a forward+backward step across runs, thread counts and
// concurrent callers, which a race or a read of memory the kernel never wrote would break.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "involution_cpu.h"
#include "involution_cuda_math.h"
#include "involution_kernels.h"
#include "thread_pool.h"

#ifdef INVOLUTION_WITH_CUDA
#include <cuda_runtime_api.h>
#endif

namespace {

using involution::Dims;

int64_t XSize(const Dims& d) { return d.batch * d.height * d.width * d.channels; }
int64_t KSize(const Dims& d) {
  return d.batch * d.height * d.width * d.groups * d.kernel_size * d.kernel_size;
}

std::string Name(const Dims& d, const char* type) {
  char s[160];
  std::snprintf(s, sizeof s, "%s x[%ld,%ld,%ld,%ld] G=%ld K=%ld dilation=%ld", type,
                static_cast<long>(d.batch), static_cast<long>(d.height),
                static_cast<long>(d.width), static_cast<long>(d.channels),
                static_cast<long>(d.groups), static_cast<long>(d.kernel_size),
                static_cast<long>(d.dilation));
  return s;
}

// The definition, looped over directly, accumulating in Acc. With kMagnitudes it also returns,
// per output element, the sum of the absolute values of its terms: the scale of the rounding
// error a reordered sum may make.
template <typename T, typename Acc, bool kMagnitudes>
void ReferenceForward(const Dims& d, const T* x, const T* kernel, Acc* y, Acc* y_mag) {
  const int64_t K = d.kernel_size, KK = K * K, r = K / 2, cpg = d.channels / d.groups;
  for (int64_t b = 0; b < d.batch; ++b)
    for (int64_t i = 0; i < d.height; ++i)
      for (int64_t j = 0; j < d.width; ++j)
        for (int64_t c = 0; c < d.channels; ++c) {
          const T* h = kernel + (((b * d.height + i) * d.width + j) * d.groups + c / cpg) * KK;
          Acc acc = 0, mag = 0;
          for (int64_t u = 0; u < K; ++u) {
            const int64_t ii = i + (u - r) * d.dilation;
            if (ii < 0 || ii >= d.height) continue;
            for (int64_t v = 0; v < K; ++v) {
              const int64_t jj = j + (v - r) * d.dilation;
              if (jj < 0 || jj >= d.width) continue;
              const Acc term =
                  Acc(h[u * K + v]) * Acc(x[((b * d.height + ii) * d.width + jj) * d.channels + c]);
              acc += term;
              if constexpr (kMagnitudes) mag += std::fabs(term);
            }
          }
          const int64_t o = ((b * d.height + i) * d.width + j) * d.channels + c;
          y[o] = acc;
          if constexpr (kMagnitudes) y_mag[o] = mag;
        }
}

template <typename T, typename Acc, bool kMagnitudes>
void ReferenceBackward(const Dims& d, const T* x, const T* kernel, const T* dy, Acc* dx,
                       Acc* dkernel, Acc* dx_mag, Acc* dk_mag) {
  const int64_t K = d.kernel_size, KK = K * K, r = K / 2, cpg = d.channels / d.groups;
  std::fill(dx, dx + XSize(d), Acc(0));
  std::fill(dkernel, dkernel + KSize(d), Acc(0));
  if constexpr (kMagnitudes) {
    std::fill(dx_mag, dx_mag + XSize(d), Acc(0));
    std::fill(dk_mag, dk_mag + KSize(d), Acc(0));
  }
  for (int64_t b = 0; b < d.batch; ++b)
    for (int64_t i = 0; i < d.height; ++i)
      for (int64_t j = 0; j < d.width; ++j)
        for (int64_t c = 0; c < d.channels; ++c) {
          const int64_t hoff = (((b * d.height + i) * d.width + j) * d.groups + c / cpg) * KK;
          const Acc g = dy[((b * d.height + i) * d.width + j) * d.channels + c];
          for (int64_t u = 0; u < K; ++u) {
            const int64_t ii = i + (u - r) * d.dilation;
            if (ii < 0 || ii >= d.height) continue;
            for (int64_t v = 0; v < K; ++v) {
              const int64_t jj = j + (v - r) * d.dilation;
              if (jj < 0 || jj >= d.width) continue;
              const int64_t xo = ((b * d.height + ii) * d.width + jj) * d.channels + c;
              const Acc dk_term = g * Acc(x[xo]), dx_term = g * Acc(kernel[hoff + u * K + v]);
              dkernel[hoff + u * K + v] += dk_term;
              dx[xo] += dx_term;
              if constexpr (kMagnitudes) {
                dk_mag[hoff + u * K + v] += std::fabs(dk_term);
                dx_mag[xo] += std::fabs(dx_term);
              }
            }
          }
        }
}

template <typename T>
std::vector<T> Random(int64_t n, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  std::vector<T> v(n);
  for (T& e : v) e = static_cast<T>(dist(rng));
  return v;
}

// Outputs start as NaN, so an element a kernel fails to write cannot pass.
template <typename T>
std::vector<T> Unwritten(int64_t n) {
  return std::vector<T>(n, std::numeric_limits<T>::quiet_NaN());
}

// Largest error relative to its bound, where the bound is the worst case for summing `terms`
// products in any order (with or without fused multiply-adds): (terms + 2) * epsilon * the sum of
// their magnitudes. Anything but rounding (a wrong index, a missed tap) is orders beyond it.
template <typename T, typename Acc>
double WorstError(const std::vector<T>& got, const std::vector<Acc>& want,
                  const std::vector<Acc>& mag, int64_t terms, int64_t* where) {
  const double eps = std::numeric_limits<T>::epsilon();
  double worst = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    const double err = std::fabs(static_cast<double>(static_cast<Acc>(got[i]) - want[i]));
    const double bound = (terms + 2) * eps * static_cast<double>(mag[i]) +
                         std::numeric_limits<T>::min();
    const double ratio = err / bound;
    if (!(ratio <= worst)) {  // NaN counts as worst
      worst = std::isnan(ratio) ? std::numeric_limits<double>::infinity() : ratio;
      *where = static_cast<int64_t>(i);
      if (std::isinf(worst)) break;
    }
  }
  return worst;
}

struct Failure {
  std::string what;
};

// Expected results of one case, in a wider type than T.
template <typename T>
struct Expected {
  using Acc = std::conditional_t<std::is_same_v<T, float>, double, long double>;
  std::vector<Acc> y, y_mag, dx, dx_mag, dk, dk_mag;

  Expected(const Dims& d, const std::vector<T>& x, const std::vector<T>& k,
           const std::vector<T>& dy)
      : y(XSize(d)), y_mag(XSize(d)), dx(XSize(d)), dx_mag(XSize(d)), dk(KSize(d)),
        dk_mag(KSize(d)) {
    ReferenceForward<T, Acc, true>(d, x.data(), k.data(), y.data(), y_mag.data());
    ReferenceBackward<T, Acc, true>(d, x.data(), k.data(), dy.data(), dx.data(), dk.data(),
                                    dx_mag.data(), dk_mag.data());
  }

  // Throws naming the shape, the output and the element when an error exceeds its bound.
  void Check(const Dims& d, const char* type, const char* device, const std::vector<T>& got_y,
             const std::vector<T>& got_dx, const std::vector<T>& got_dk) const {
    const int64_t KK = d.kernel_size * d.kernel_size, cpg = d.channels / d.groups;
    struct {
      const char* name;
      const std::vector<T>& got;
      const std::vector<Acc>& want;
      const std::vector<Acc>& mag;
      int64_t terms;
    } outputs[] = {{"y", got_y, y, y_mag, KK},
                   {"dx", got_dx, dx, dx_mag, KK},
                   {"dkernel", got_dk, dk, dk_mag, cpg}};
    for (const auto& o : outputs) {
      int64_t where = -1;
      const double worst = WorstError(o.got, o.want, o.mag, o.terms, &where);
      if (worst > 1) {
        char msg[512];
        std::snprintf(msg, sizeof msg,
                      "%s %s: %s[%ld] = %.17g, expected %.17g (error %.3g x its bound)", device,
                      Name(d, type).c_str(), o.name, static_cast<long>(where),
                      static_cast<double>(o.got[where]), static_cast<double>(o.want[where]),
                      worst);
        throw Failure{msg};
      }
    }
  }
};

template <typename T>
const char* TypeName() {
  return std::is_same_v<T, float> ? "float" : "double";
}

template <typename T>
void CheckCpu(const Dims& d, std::mt19937_64& rng) {
  const std::vector<T> x = Random<T>(XSize(d), rng), k = Random<T>(KSize(d), rng),
                       dy = Random<T>(XSize(d), rng);
  const Expected<T> want(d, x, k, dy);
  std::vector<T> y = Unwritten<T>(XSize(d)), dx = Unwritten<T>(XSize(d)),
                 dk = Unwritten<T>(KSize(d));
  involution::ForwardCpu<T>(d, x.data(), k.data(), y.data());
  involution::BackwardCpu<T>(d, x.data(), k.data(), dy.data(), dx.data(), dk.data());
  want.Check(d, TypeName<T>(), "CPU", y, dx, dk);
}

// Small shapes covering the edge cases: 1x1 images, odd sizes, widths below one vector, kernels
// larger than the image, dilations whose taps fall outside, every channel-per-group remainder.
std::vector<Dims> SmallShapes() {
  std::vector<Dims> shapes;
  const int64_t sizes[][2] = {{1, 1}, {7, 5}, {2, 9}, {13, 17}, {5, 40}, {9, 1}};
  // {16, 4} and {32, 4} also take the forward path for groups narrower than a vector.
  const int64_t channels_groups[][2] = {{1, 1}, {3, 1}, {16, 1}, {16, 4}, {4, 2}, {6, 2},
                                        {32, 4}};
  for (const auto& hw : sizes)
    for (int64_t K : {1, 3, 5, 7})
      for (int64_t dilation : {1, 2, 6})
        for (const auto& cg : channels_groups)
          for (int64_t batch : {1, 3}) {
            if (K == 1 && dilation > 1) continue;
            shapes.push_back(Dims{batch, hw[0], hw[1], cg[0], cg[1], K, dilation});
          }
  return shapes;
}

// Shapes large enough to be split over the pool (by images, and into bands of rows).
std::vector<Dims> PoolShapes() {
  return {Dims{2, 64, 37, 3, 1, 7, 1},  Dims{3, 40, 33, 16, 4, 5, 2}, Dims{1, 130, 31, 8, 2, 5, 1},
          Dims{1, 400, 16, 3, 1, 7, 9}, Dims{5, 29, 30, 16, 1, 3, 1}, Dims{2, 97, 61, 6, 3, 3, 3}};
}

// Random shapes: every channels-per-group count the kernels special-case (whole vectors, a
// fraction of one, none of those) with up to four groups, sizes below and above one vector, and
// dilations whose taps leave the image; capped so the reference stays quick.
Dims RandomShape(std::mt19937_64& rng) {
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  const int64_t per_group[] = {1, 2, 3, 4, 5, 8, 16, 32};
  for (;;) {
    Dims d;
    d.groups = pick(1, 4);
    d.channels = d.groups * per_group[pick(0, 7)];
    d.kernel_size = 2 * pick(0, 3) + 1;
    d.dilation = d.kernel_size == 1 ? 1 : pick(1, 4);
    d.batch = pick(1, 3);
    d.height = pick(1, 48);
    d.width = pick(1, 48);
    if (XSize(d) * d.kernel_size * d.kernel_size <= (int64_t{3} << 20)) return d;
  }
}

uint64_t PropertySeed() {
  const char* env = std::getenv("KERNEL_TEST_SEED");
  return env != nullptr ? std::strtoull(env, nullptr, 10) : 20261203;
}

// Each case runs with 1 to 4 threads; a case large enough for the pool is split into bands.
void TestRandomShapes(int cases) {
  const uint64_t seed = PropertySeed();
  std::mt19937_64 rng(seed);
  for (int n = 0; n < cases; ++n) {
    const Dims d = RandomShape(rng);
    const int threads = static_cast<int>(std::uniform_int_distribution<int>(1, 4)(rng));
    involution::SetCpuThreads(threads);
    try {
      CheckCpu<float>(d, rng);
      CheckCpu<double>(d, rng);
    } catch (const Failure& f) {
      char where[96];
      std::snprintf(where, sizeof where, " (random case %d of KERNEL_TEST_SEED=%llu, %d threads)",
                    n, static_cast<unsigned long long>(seed), threads);
      throw Failure{f.what + where};
    }
  }
  involution::SetCpuThreads(0);
  std::printf("CPU: %d random shapes x {float, double} match the reference (KERNEL_TEST_SEED=%llu)"
              "\n", cases, static_cast<unsigned long long>(seed));
}

// y, dx and dkernel of one forward+backward step, concatenated. The outputs start as `fill`, so
// that an element left unwritten differs between calls that fill differently.
template <typename T>
std::vector<T> Step(const Dims& d, const std::vector<T>& x, const std::vector<T>& k,
                    const std::vector<T>& dy, T fill) {
  std::vector<T> out(2 * XSize(d) + KSize(d), fill);
  T* y = out.data();
  T* dx = y + XSize(d);
  T* dk = dx + XSize(d);
  involution::ForwardCpu<T>(d, x.data(), k.data(), y);
  involution::BackwardCpu<T>(d, x.data(), k.data(), dy.data(), dx, dk);
  return out;
}

template <typename T>
void ExpectSameBits(const Dims& d, const std::vector<T>& want, const std::vector<T>& got,
                    const char* how) {
  if (std::memcmp(want.data(), got.data(), sizeof(T) * want.size()) == 0) return;
  size_t i = 0;
  while (std::memcmp(&want[i], &got[i], sizeof(T)) == 0) ++i;
  const char* output = i < static_cast<size_t>(XSize(d))       ? "y"
                       : i < static_cast<size_t>(2 * XSize(d)) ? "dx"
                                                               : "dkernel";
  char msg[320];
  std::snprintf(msg, sizeof msg, "CPU %s: not repeatable %s: %s differs at element %zu of the "
                "concatenated outputs (%.17g, first run %.17g)", Name(d, TypeName<T>()).c_str(),
                how, output, i, static_cast<double>(got[i]), static_cast<double>(want[i]));
  throw Failure{msg};
}

// A step must give the same bits whatever the thread count, on every repetition (with another
// shape run in between, leaving other values in the per-thread scratch), and while another
// caller shares the pool.
template <typename T>
void CheckRepeatable(const Dims& d, const Dims& other, std::mt19937_64& rng) {
  const std::vector<T> x = Random<T>(XSize(d), rng), k = Random<T>(KSize(d), rng),
                       dy = Random<T>(XSize(d), rng);
  const std::vector<T> ox = Random<T>(XSize(other), rng), ok = Random<T>(KSize(other), rng),
                       ody = Random<T>(XSize(other), rng);
  const T nan = std::numeric_limits<T>::quiet_NaN();
  involution::SetCpuThreads(1);
  const std::vector<T> first = Step(d, x, k, dy, nan);
  for (int threads : {1, 2, 3, 4}) {
    involution::SetCpuThreads(threads);
    for (T fill : {T(0), nan, T(1e30)}) {
      Step(other, ox, ok, ody, fill);
      char how[64];
      std::snprintf(how, sizeof how, "with %d threads", threads);
      ExpectSameBits(d, first, Step(d, x, k, dy, fill), how);
    }
  }
  // Two callers at once: one gets the pool, the other runs its items alone.
  involution::SetCpuThreads(3);
  std::vector<T> a, b, c;
  std::thread other_caller([&] {
    a = Step(d, x, k, dy, nan);
    c = Step(other, ox, ok, ody, nan);
  });
  b = Step(d, x, k, dy, T(0));
  Step(other, ox, ok, ody, T(0));
  other_caller.join();
  ExpectSameBits(d, first, a, "with two concurrent callers (first)");
  ExpectSameBits(d, first, b, "with two concurrent callers (second)");
  ExpectSameBits(other, Step(other, ox, ok, ody, nan), c, "with two concurrent callers (other)");
  involution::SetCpuThreads(0);
}

// Shapes on every path: planar (C = 3), whole vectors per group (C = 16, G = 1), narrower groups
// (C = 16, G = 4; C = 32, G = 4), dilated, each large enough to be split over the pool.
std::vector<Dims> RepeatShapes() {
  return {Dims{4, 40, 37, 3, 1, 3, 1}, Dims{2, 33, 35, 16, 1, 5, 1}, Dims{2, 36, 32, 16, 4, 3, 1},
          Dims{3, 30, 29, 32, 4, 5, 2}, Dims{1, 64, 64, 6, 2, 7, 3}};
}

void TestRepeatable(std::mt19937_64& rng) {
  const std::vector<Dims> shapes = RepeatShapes();
  for (size_t i = 0; i < shapes.size(); ++i) {
    const Dims& other = shapes[(i + 1) % shapes.size()];
    CheckRepeatable<float>(shapes[i], other, rng);
    CheckRepeatable<double>(shapes[i], other, rng);
  }
  std::printf("CPU: forward+backward bit-for-bit repeatable on %zu shapes x {float, double} "
              "(1-4 threads, refilled outputs and scratch, two concurrent callers)\n",
              shapes.size());
}

// The CUDA kernels' per-element arithmetic, run on the host: checks their index arithmetic
// where no GPU is present.
void CheckGpuMathOnHost(const Dims& d, std::mt19937_64& rng) {
  namespace cm = involution::cuda_math;
  const std::vector<float> x = Random<float>(XSize(d), rng), k = Random<float>(KSize(d), rng),
                           dy = Random<float>(XSize(d), rng);
  const Expected<float> want(d, x, k, dy);
  const cm::Shape s = cm::MakeShape(d);
  std::vector<float> y(XSize(d)), dx(XSize(d)), dk(KSize(d));
  for (int64_t e = 0; e < XSize(d); ++e) {
    y[e] = cm::ForwardAt(s, e, x.data(), k.data());
    dx[e] = cm::InputGradAt(s, e, k.data(), dy.data());
  }
  for (int64_t e = 0; e < KSize(d); ++e) dk[e] = cm::KernelGradAt(s, e, x.data(), dy.data());
  want.Check(d, "float", "GPU arithmetic on the host", y, dx, dk);
}

#ifdef INVOLUTION_WITH_CUDA
template <typename T>
struct DeviceBuffer {
  T* p = nullptr;
  explicit DeviceBuffer(int64_t n) {
    if (cudaMalloc(reinterpret_cast<void**>(&p), sizeof(T) * std::max<int64_t>(n, 1)) !=
        cudaSuccess) {
      throw Failure{"cudaMalloc failed"};
    }
  }
  ~DeviceBuffer() { cudaFree(p); }
  void Put(const std::vector<T>& v) {
    cudaMemcpy(p, v.data(), sizeof(T) * v.size(), cudaMemcpyHostToDevice);
  }
  void Fill(int64_t n, T value) { Put(std::vector<T>(n, value)); }
  std::vector<T> Get(int64_t n) const {
    std::vector<T> v(n);
    cudaMemcpy(v.data(), p, sizeof(T) * n, cudaMemcpyDeviceToHost);
    return v;
  }
};

double MaxAbsDiff(const std::vector<float>& a, const std::vector<float>& b) {
  double m = 0;
  for (size_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(double(a[i]) - double(b[i])));
  return m;
}

// The GPU kernels against the reference bounds, and against the CPU kernels for the report.
double CheckGpu(const Dims& d, std::mt19937_64& rng) {
  const std::vector<float> x = Random<float>(XSize(d), rng), k = Random<float>(KSize(d), rng),
                           dy = Random<float>(XSize(d), rng);
  const Expected<float> want(d, x, k, dy);
  DeviceBuffer<float> gx(XSize(d)), gk(KSize(d)), gdy(XSize(d)), gy(XSize(d)), gdx(XSize(d)),
      gdk(KSize(d));
  gx.Put(x);
  gk.Put(k);
  gdy.Put(dy);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  gy.Fill(XSize(d), nan);
  gdx.Fill(XSize(d), nan);
  gdk.Fill(KSize(d), nan);
  const char* err = involution::ForwardGpu(d, gx.p, gk.p, gy.p);
  if (err == nullptr) err = involution::BackwardGpu(d, gx.p, gk.p, gdy.p, gdx.p, gdk.p);
  if (err != nullptr) throw Failure{"GPU " + Name(d, "float") + ": " + err};
  const std::vector<float> y = gy.Get(XSize(d)), dx = gdx.Get(XSize(d)), dk = gdk.Get(KSize(d));
  want.Check(d, "float", "GPU", y, dx, dk);

  std::vector<float> cy(XSize(d)), cdx(XSize(d)), cdk(KSize(d));
  involution::ForwardCpu<float>(d, x.data(), k.data(), cy.data());
  involution::BackwardCpu<float>(d, x.data(), k.data(), dy.data(), cdx.data(), cdk.data());
  return std::max({MaxAbsDiff(y, cy), MaxAbsDiff(dx, cdx), MaxAbsDiff(dk, cdk)});
}

// Whether the GPU kernels ran (false: skipped, no usable device).
bool TestGpu(const std::vector<Dims>& shapes, std::mt19937_64& rng) {
  int devices = 0;
  const cudaError_t err = cudaGetDeviceCount(&devices);
  if (err != cudaSuccess || devices == 0) {
    // Without an NVIDIA driver the runtime reports an insufficient driver, not zero devices.
    const bool none = err == cudaSuccess || err == cudaErrorNoDevice;
    std::printf("GPU: skipped (no device%s%s)\n", none ? "" : "; CUDA runtime: ",
                none ? "" : cudaGetErrorString(err));
    return false;
  }
  cudaDeviceProp prop;
  if (cudaGetDeviceProperties(&prop, 0) == cudaSuccess) {
    std::printf("GPU: %s (compute capability %d.%d)\n", prop.name, prop.major, prop.minor);
  }
  double worst = 0;
  for (const Dims& d : shapes) worst = std::max(worst, CheckGpu(d, rng));
  std::printf("GPU: %zu shapes match the reference; max |GPU - CPU| = %.3g\n", shapes.size(),
              worst);
  return true;
}
#else
bool TestGpu(const std::vector<Dims>&, std::mt19937_64&) {
  std::printf("GPU: skipped (built without CUDA)\n");
  return false;
}
#endif

int Test(bool gpu, bool quick, bool require_gpu) {
  std::mt19937_64 rng(20240611);
  std::vector<Dims> small = SmallShapes();
  const std::vector<Dims> pooled = PoolShapes();
  if (quick) {
    std::vector<Dims> some;
    for (size_t i = 0; i < small.size(); i += 5) some.push_back(small[i]);
    small.swap(some);
  }
  std::printf("CPU kernels: %s\n", involution::CpuIsa());
  try {
    for (int threads : {1, 2, 3}) {
      involution::SetCpuThreads(threads);
      for (const Dims& d : pooled) {
        CheckCpu<float>(d, rng);
        CheckCpu<double>(d, rng);
      }
    }
    involution::SetCpuThreads(0);
    for (const Dims& d : small) {
      CheckCpu<float>(d, rng);
      CheckCpu<double>(d, rng);
    }
    std::printf("CPU: %zu shapes x {float, double} match the reference (pooled shapes with 1, 2 "
                "and 3 threads)\n",
                small.size() + pooled.size());
    TestRandomShapes(quick ? 12 : 60);
    TestRepeatable(rng);
    if (gpu) {
      std::vector<Dims> shapes = small;
      shapes.insert(shapes.end(), pooled.begin(), pooled.end());
      for (const Dims& d : shapes) CheckGpuMathOnHost(d, rng);
      std::printf("GPU arithmetic on the host: %zu shapes match the reference\n", shapes.size());
      if (!TestGpu(shapes, rng) && require_gpu) {
        throw Failure{"no usable CUDA device, and --require-gpu was given"};
      }
    }
  } catch (const Failure& f) {
    std::fprintf(stderr, "FAILED: %s\n", f.what.c_str());
    return 1;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Benchmark.

template <typename F>
double BestMs(int reps, F&& f) {
  double best = 1e300;
  for (int i = 0; i < reps; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    const auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  return best;
}

int Bench() {
  const Dims shapes[] = {Dims{16, 28, 28, 3, 1, 3, 1}, Dims{8, 128, 128, 16, 1, 3, 1},
                         Dims{8, 128, 128, 16, 4, 3, 1}, Dims{1, 512, 512, 3, 1, 7, 1}};
  const int threads = involution::CpuThreads();
  std::mt19937_64 rng(1);
  std::printf("CPU kernels: %s; best of several runs, ms (float)\n", involution::CpuIsa());
  std::printf("%-34s %9s %9s %9s %9s | %9s %9s %9s %9s\n", "", "fwd", "", "", "",
              "fwd+bwd", "", "", "");
  std::printf("%-34s %9s %9s %9s %9s | %9s %9s %9s %9s\n", "shape", "naive", "fast/1t", "fast",
              "speedup", "naive", "fast/1t", "fast", "speedup");
  for (const Dims& d : shapes) {
    const std::vector<float> x = Random<float>(XSize(d), rng), k = Random<float>(KSize(d), rng),
                             dy = Random<float>(XSize(d), rng);
    std::vector<float> y(XSize(d)), dx(XSize(d)), dk(KSize(d));
    auto naive_fwd = [&] {
      ReferenceForward<float, float, false>(d, x.data(), k.data(), y.data(), nullptr);
    };
    auto naive_bwd = [&] {
      ReferenceBackward<float, float, false>(d, x.data(), k.data(), dy.data(), dx.data(),
                                             dk.data(), nullptr, nullptr);
    };
    auto fast_fwd = [&] { involution::ForwardCpu<float>(d, x.data(), k.data(), y.data()); };
    auto fast_bwd = [&] {
      involution::BackwardCpu<float>(d, x.data(), k.data(), dy.data(), dx.data(), dk.data());
    };
    const int naive_reps = 3, fast_reps = 20;
    const double nf = BestMs(naive_reps, naive_fwd);
    const double nfb = BestMs(naive_reps, [&] { naive_fwd(); naive_bwd(); });
    involution::SetCpuThreads(1);
    const double f1 = BestMs(fast_reps, fast_fwd);
    const double fb1 = BestMs(fast_reps, [&] { fast_fwd(); fast_bwd(); });
    involution::SetCpuThreads(threads);
    const double f = BestMs(fast_reps, fast_fwd);
    const double fb = BestMs(fast_reps, [&] { fast_fwd(); fast_bwd(); });
    char name[64];
    std::snprintf(name, sizeof name, "[%ld,%ld,%ld,%ld] K=%ld G=%ld", static_cast<long>(d.batch),
                  static_cast<long>(d.height), static_cast<long>(d.width),
                  static_cast<long>(d.channels), static_cast<long>(d.kernel_size),
                  static_cast<long>(d.groups));
    std::printf("%-34s %9.3f %9.3f %9.3f %8.1fx | %9.3f %9.3f %9.3f %8.1fx\n", name, nf, f1, f,
                nf / f, nfb, fb1, fb, nfb / fb);
  }
  std::printf("fast = %d threads; fast/1t = one thread\n", threads);
  return 0;
}

// The CUDA kernels against the CPU kernels on the benchmark shapes, outputs resident on each
// side (no host-device copies timed): medians of 20 calls after 3 warm-ups. Each GPU call
// synchronises the device twice (involution_cuda.cu), which is part of what it costs in TF.
#ifdef INVOLUTION_WITH_CUDA
template <typename F>
double MedianMs(int reps, F&& f) {
  std::vector<double> ms;
  for (int i = 0; i < 3; ++i) f();
  for (int i = 0; i < reps; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                     .count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

int BenchGpu() {
  const Dims shapes[] = {Dims{16, 28, 28, 3, 1, 3, 1}, Dims{8, 128, 128, 16, 1, 3, 1},
                         Dims{8, 128, 128, 16, 4, 3, 1}, Dims{1, 512, 512, 3, 1, 7, 1},
                         Dims{32, 256, 256, 3, 1, 3, 1}};
  std::mt19937_64 rng(1);
  std::printf("CUDA vs CPU kernels (%s, %d threads): median ms of 20 calls, float\n",
              involution::CpuIsa(), involution::CpuThreads());
  std::printf("%-30s %9s %9s %8s | %9s %9s %8s\n", "shape", "CPU fwd", "GPU fwd", "speedup",
              "CPU f+b", "GPU f+b", "speedup");
  for (const Dims& d : shapes) {
    const std::vector<float> x = Random<float>(XSize(d), rng), k = Random<float>(KSize(d), rng),
                             dy = Random<float>(XSize(d), rng);
    std::vector<float> y(XSize(d)), dx(XSize(d)), dk(KSize(d));
    DeviceBuffer<float> gx(XSize(d)), gk(KSize(d)), gdy(XSize(d)), gy(XSize(d)), gdx(XSize(d)),
        gdk(KSize(d));
    gx.Put(x);
    gk.Put(k);
    gdy.Put(dy);
    const char* err = nullptr;
    auto gpu_fwd = [&] {
      if (const char* e = involution::ForwardGpu(d, gx.p, gk.p, gy.p)) err = e;
    };
    auto gpu_bwd = [&] {
      if (const char* e = involution::BackwardGpu(d, gx.p, gk.p, gdy.p, gdx.p, gdk.p)) err = e;
    };
    auto cpu_fwd = [&] { involution::ForwardCpu<float>(d, x.data(), k.data(), y.data()); };
    auto cpu_bwd = [&] {
      involution::BackwardCpu<float>(d, x.data(), k.data(), dy.data(), dx.data(), dk.data());
    };
    const double cf = MedianMs(20, cpu_fwd), gf = MedianMs(20, gpu_fwd);
    const double cfb = MedianMs(20, [&] { cpu_fwd(); cpu_bwd(); });
    const double gfb = MedianMs(20, [&] { gpu_fwd(); gpu_bwd(); });
    if (err != nullptr) {
      std::fprintf(stderr, "FAILED: GPU %s: %s\n", Name(d, "float").c_str(), err);
      return 1;
    }
    char name[64];
    std::snprintf(name, sizeof name, "[%ld,%ld,%ld,%ld] K=%ld G=%ld", static_cast<long>(d.batch),
                  static_cast<long>(d.height), static_cast<long>(d.width),
                  static_cast<long>(d.channels), static_cast<long>(d.kernel_size),
                  static_cast<long>(d.groups));
    std::printf("%-30s %9.3f %9.3f %7.1fx | %9.3f %9.3f %7.1fx\n", name, cf, gf, cf / gf, cfb,
                gfb, cfb / gfb);
  }
  return 0;
}
#else
int BenchGpu() {
  std::fprintf(stderr, "FAILED: built without CUDA (no nvcc found at build time)\n");
  return 1;
}
#endif

}  // namespace

int main(int argc, char** argv) {
  bool gpu = true, bench = false, quick = false, require_gpu = false, bench_gpu = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--no-gpu") == 0) {
      gpu = false;
    } else if (std::strcmp(argv[i], "--quick") == 0) {
      quick = true;
    } else if (std::strcmp(argv[i], "--require-gpu") == 0) {
      require_gpu = true;
    } else if (std::strcmp(argv[i], "--bench-gpu") == 0) {
      bench_gpu = true;
    } else if (std::strcmp(argv[i], "--bench") == 0) {
      bench = true;
    } else {
      std::fprintf(stderr,
                   "usage: %s [--no-gpu] [--quick] | --require-gpu [--bench-gpu] | --bench\n",
                   argv[0]);
      return 2;
    }
  }
  if (bench) return Bench();
  if (require_gpu && !gpu) {
    std::fprintf(stderr, "--require-gpu and --no-gpu contradict each other\n");
    return 2;
  }
  const int failed = Test(gpu, quick, require_gpu);
  if (failed != 0 || !bench_gpu) return failed;
  try {
    return BenchGpu();
  } catch (const Failure& f) {
    std::fprintf(stderr, "FAILED: %s\n", f.what.c_str());
    return 1;
  }
}
