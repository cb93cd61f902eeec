// CPU kernels of the involution op (definition in involution_kernels.h).
//
// Most paths first transpose every NHWC row they read into planar rows with zero margins,
//   row[plane][P + j] for j in [0, W), zeros at [0, P) and [P + W, P + Wv + P),
// where a plane is a channel of x or dy, or a (group, tap) of the kernel. A tap shifted by s
// columns then reads row[plane][P + s + j]: every tap is a product of two contiguous vectors along
// j, which vectorises whatever the channel count (C = 3 included), and the margins stand in for
// the image border without branches. Rows are transposed once per work item into rings of K
// slots; sums are kept in registers per vector of j and transposed back into NHWC at the end.
// Where each group holds whole vectors of channels (C = 16, G = 1, say) the forward pass skips
// the transposes and vectorises along channels instead (ForwardChannels).
//
// The backward pass computes dx as a gather (dx at row p sums over the outputs whose taps read
// p) rather than a scatter, so work items write disjoint rows of dx and need neither locks nor a
// zeroing pass.
//
// A work item is one band of rows of one image; items are spread over the pool in
// thread_pool.h. The kernels are compiled three times, for AVX-512, AVX2+FMA and baseline SSE2,
// through target attributes, and the variant is chosen at run time, so the library runs on any
// x86-64 processor.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <type_traits>
#include <utility>
#include <vector>

#include "involution_cpu.h"
#include "involution_kernels.h"
#include "thread_pool.h"

namespace involution {
namespace {

// Everything the per-ISA entry points call must be inlined into them, or it would be compiled for
// the baseline instruction set only. Being inlined, helpers passing wide vectors have no ABI, so
// GCC's warning that such an ABI depends on the target is moot.
#define INVOLUTION_INLINE inline __attribute__((always_inline))
#pragma GCC diagnostic ignored "-Wpsabi"

// Below this many multiply-adds (a few hundred microseconds on one core) a call runs on the
// calling thread. Waking the pool costs tens of microseconds on a loaded machine, and the caller
// then waits for a preempted worker's item; [16,28,28,3] K=3 (0.34 M) measured no faster on two
// threads than on one. Inline, TensorFlow's concurrent ops (forward and gradient) use the cores.
constexpr int64_t kMinParallelWork = 1 << 19;
// Channels accumulated together: enough to share each loaded kernel vector, few enough that the
// sums stay in registers.
constexpr int kChannelChunk = 4;
// How far ahead of a transpose to prefetch its NHWC side (measured: 4-8 KiB).
constexpr int64_t kPrefetchBytes = 6144;

constexpr int64_t RoundUp(int64_t n, int64_t m) { return (n + m - 1) / m * m; }

struct Geometry {
  int64_t H, W, C, G, K, KK, r, dil, cpg;
  int64_t Wv;       // W rounded up to whole vectors
  int64_t P;        // zero margin on either side of a planar row
  int64_t row_len;  // P + Wv + P

  Geometry(const Dims& d, int64_t lanes)
      : H(d.height), W(d.width), C(d.channels), G(d.groups), K(d.kernel_size),
        KK(d.kernel_size * d.kernel_size), r(d.kernel_size / 2), dil(d.dilation),
        cpg(d.channels / d.groups), Wv(RoundUp(d.width, lanes)),
        // Taps with |shift| >= W read only zeros and are skipped, so the margin need not exceed
        // W - 1 however large the dilation.
        P(RoundUp(std::min(r * dil, W - 1), lanes)), row_len(P + Wv + P) {}

  bool RowInside(int64_t row) const { return row >= 0 && row < H; }
  bool ShiftInside(int64_t s) const { return s > -W && s < W; }
};

// One tap of one output row: the rows of its two factors, already offset by the tap's shift
// (plane 0; callers add plane offsets), and its index u*K+v.
template <typename T>
struct Tap {
  const T* a;
  const T* b;
  int64_t uv;
};

// Per-thread scratch kept between calls, so that steady-state calls do not allocate.
unsigned char* ThreadScratch(size_t bytes) {
  thread_local std::vector<unsigned char> scratch;
  if (scratch.size() < bytes + 64) scratch.resize(bytes + 64);
  const uintptr_t p = reinterpret_cast<uintptr_t>(scratch.data());
  return reinterpret_cast<unsigned char*>(RoundUp(static_cast<int64_t>(p), 64));
}

template <typename U>
constexpr size_t ScratchBytes(int64_t n) {
  return static_cast<size_t>(RoundUp(n * static_cast<int64_t>(sizeof(U)), 64));
}

template <typename U>
U* Carve(unsigned char** p, int64_t n) {
  U* u = reinterpret_cast<U*>(*p);
  *p += ScratchBytes<U>(n);
  return u;
}

// Transposes between NHWC rows ([W][planes]) and planar rows ([planes][stride]), in N x N tiles
// held in vectors of kTileBytes. Tiles stay within 32 bytes even where 64-byte vectors exist: an
// 8x8 float transpose is 24 in-lane shuffles in 256-bit registers, and 16x16 tiles measured no
// faster while wasting more on the overlapping last tile.
template <typename T, int kTileBytes>
struct Transpose {
  typedef T V __attribute__((vector_size(kTileBytes)));
  using Index = std::conditional_t<sizeof(T) == 4, int32_t, int64_t>;
  typedef Index Mask __attribute__((vector_size(kTileBytes)));
  static constexpr int N = kTileBytes / sizeof(T);

  // Lane k of the "low" (hi = false) or "high" half of interleaving a and b in runs of g lanes:
  // low takes the first g lanes of each 2g-lane block of a, then of b; high the second g lanes.
  static constexpr Index ZipLane(int k, int g, bool hi) {
    const int base = k / (2 * g) * 2 * g + (hi ? g : 0), within = k % (2 * g);
    return within < g ? base + within : N + base + within - g;
  }
  template <int g, bool hi, size_t... k>
  static constexpr Mask Zip(std::index_sequence<k...>) {
    return Mask{ZipLane(k, g, hi)...};
  }

  // Interleaving rows i and i + g in runs of g, for g = 1, 2, 4, ..., leaves row k holding
  // column k: the usual unpack / shuffle / permute-lanes transpose.
  template <int g>
  static INVOLUTION_INLINE void Stages(V* r) {
    if constexpr (g < N) {
      constexpr Mask lo = Zip<g, false>(std::make_index_sequence<N>());
      constexpr Mask hi = Zip<g, true>(std::make_index_sequence<N>());
#pragma GCC unroll 16
      for (int i = 0; i < N; ++i) {
        if ((i & g) != 0) continue;
        const V a = r[i], b = r[i + g];
        r[i] = __builtin_shuffle(a, b, lo);
        r[i + g] = __builtin_shuffle(a, b, hi);
      }
      Stages<2 * g>(r);
    }
  }

  // Tiles walk an NHWC row in a strided order that the hardware prefetchers follow poorly (a row
  // of the kernel comes from DRAM at half speed without this), so fetch ahead explicitly.
  static INVOLUTION_INLINE void Prefetch(const T* at, int64_t n, bool write) {
    const char* p = reinterpret_cast<const char*>(at) + kPrefetchBytes;
    for (int64_t o = 0; o < n * static_cast<int64_t>(sizeof(T)); o += 64) {
      if (write) {
        __builtin_prefetch(p + o, 1);
      } else {
        __builtin_prefetch(p + o, 0);
      }
    }
  }

  // dst[k * dst_stride + i] = src[i * src_stride + k] for i, k < N.
  static INVOLUTION_INLINE void Tile(const T* src, int64_t src_stride, T* dst,
                                     int64_t dst_stride) {
    V r[N];
#pragma GCC unroll 16
    for (int i = 0; i < N; ++i) std::memcpy(&r[i], src + i * src_stride, sizeof(V));
    Stages<1>(r);
#pragma GCC unroll 16
    for (int k = 0; k < N; ++k) std::memcpy(dst + k * dst_stride, &r[k], sizeof(V));
  }

  // dst[p * dst_stride + j] = src[j * planes + p] for j < W, p < planes. The last tile of each
  // dimension is moved back to end at the edge: overlapping tiles write the same values twice.
  static INVOLUTION_INLINE void ToPlanar(const T* src, int64_t planes, int64_t W, T* dst,
                                         int64_t dst_stride) {
    if (planes < N || W < N) {
      switch (planes) {
        case 1: return FewToPlanar<1>(src, W, dst, dst_stride);
        case 2: return FewToPlanar<2>(src, W, dst, dst_stride);
        case 3: return FewToPlanar<3>(src, W, dst, dst_stride);
        case 4: return FewToPlanar<4>(src, W, dst, dst_stride);
        default:
          for (int64_t p = 0; p < planes; ++p)
            for (int64_t j = 0; j < W; ++j) dst[p * dst_stride + j] = src[j * planes + p];
          return;
      }
    }
    for (int64_t j0 = 0; j0 < W; j0 += N) {
      const int64_t j = std::min(j0, W - N);
      Prefetch(src + j * planes, N * planes, false);
      for (int64_t p0 = 0; p0 < planes; p0 += N) {
        const int64_t p = std::min(p0, planes - N);
        Tile(src + j * planes + p, planes, dst + p * dst_stride + j, dst_stride);
      }
    }
  }

  // dst[j * planes + p] = src[p * src_stride + j] for j < W, p < planes.
  static INVOLUTION_INLINE void FromPlanar(const T* src, int64_t src_stride, int64_t planes,
                                           int64_t W, T* dst) {
    if (planes < N || W < N) {
      switch (planes) {
        case 1: return FewFromPlanar<1>(src, src_stride, W, dst);
        case 2: return FewFromPlanar<2>(src, src_stride, W, dst);
        case 3: return FewFromPlanar<3>(src, src_stride, W, dst);
        case 4: return FewFromPlanar<4>(src, src_stride, W, dst);
        default:
          for (int64_t j = 0; j < W; ++j)
            for (int64_t p = 0; p < planes; ++p) dst[j * planes + p] = src[p * src_stride + j];
          return;
      }
    }
    for (int64_t j0 = 0; j0 < W; j0 += N) {
      const int64_t j = std::min(j0, W - N);
      Prefetch(dst + j * planes, N * planes, true);
      for (int64_t p0 = 0; p0 < planes; p0 += N) {
        const int64_t p = std::min(p0, planes - N);
        Tile(src + p * src_stride + j, src_stride, dst + j * planes + p, planes);
      }
    }
  }

  // With a known, small plane count (C = 1 to 4, the usual image channels) GCC vectorises the
  // strided copies with shuffles: four times faster than element by element.
  template <int kPlanes>
  static INVOLUTION_INLINE void FewToPlanar(const T* __restrict src, int64_t W,
                                            T* __restrict dst, int64_t dst_stride) {
    for (int64_t j = 0; j < W; ++j)
#pragma GCC unroll 4
      for (int p = 0; p < kPlanes; ++p) dst[p * dst_stride + j] = src[j * kPlanes + p];
  }
  template <int kPlanes>
  static INVOLUTION_INLINE void FewFromPlanar(const T* __restrict src, int64_t src_stride,
                                              int64_t W, T* __restrict dst) {
    for (int64_t j = 0; j < W; ++j)
#pragma GCC unroll 4
      for (int p = 0; p < kPlanes; ++p) dst[j * kPlanes + p] = src[p * src_stride + j];
  }
};

// Zero-margined copies of the rows of one image's [H][W][planes] tensor: planar
// ([planes][row_len]), or still NHWC with g->P zero pixels on either side.
template <typename T, typename Transposer>
struct RowRing {
  const Geometry* g;
  const T* image;
  int64_t planes, slots;
  bool planar;
  int64_t slot_size;
  T* buf;         // slots * slot_size
  int64_t* tags;  // row held by each slot, -1 for none

  static int64_t SlotSize(const Geometry& g, int64_t planes, bool planar) {
    return planar ? planes * g.row_len : (g.P + g.W + g.P) * planes;
  }
  static size_t Bytes(const Geometry& g, int64_t planes, int64_t slots, bool planar = true) {
    return ScratchBytes<T>(slots * SlotSize(g, planes, planar)) + ScratchBytes<int64_t>(slots);
  }

  RowRing(const Geometry& geo, const T* img, int64_t n_planes, int64_t n_slots, unsigned char** p,
          bool is_planar = true)
      : g(&geo), image(img), planes(n_planes), slots(n_slots), planar(is_planar),
        slot_size(SlotSize(geo, n_planes, is_planar)) {
    buf = Carve<T>(p, slots * slot_size);
    tags = Carve<int64_t>(p, slots);
    std::fill(tags, tags + slots, -1);
  }

  // The rows an output row needs, row = i + m*dil for |m| <= r, have consecutive row/dil, so in a
  // ring of K slots they never evict one another; output rows are visited in steps of dil, so
  // each step needs one new row.
  INVOLUTION_INLINE const T* Row(int64_t row) {
    const int64_t slot = (row / g->dil) % slots;
    T* dst = buf + slot * slot_size;
    if (tags[slot] != row) {
      const T* src = image + row * g->W * planes;
      if (planar) {
        for (int64_t p = 0; p < planes; ++p) {
          T* d = dst + p * g->row_len;
          std::fill(d, d + g->P, T(0));
          std::fill(d + g->P + g->W, d + g->row_len, T(0));
        }
        Transposer::ToPlanar(src, planes, g->W, dst + g->P, g->row_len);
      } else {
        const int64_t margin = g->P * planes, n = g->W * planes;
        std::fill(dst, dst + margin, T(0));
        std::memcpy(dst + margin, src, sizeof(T) * n);
        std::fill(dst + margin + n, dst + slot_size, T(0));
      }
      tags[slot] = row;
    }
    return dst;
  }
};

// The work of one call: a band of rows [i0, i1) of image b is one item.
template <typename T>
struct Call {
  Dims d;
  const T* x;
  const T* kernel;
  const T* dy;  // backward only
  T* out;       // y, or dx
  T* dkernel;   // backward only
  int64_t bands;  // per image
};

template <typename T, int kBytes>
struct Kernels {
  typedef T V __attribute__((vector_size(kBytes)));
  static constexpr int64_t kLanes = kBytes / sizeof(T);
  using Transposer = Transpose<T, std::min(kBytes, 32)>;
  using Ring = RowRing<T, Transposer>;

  static INVOLUTION_INLINE V Load(const T* p) {
    V v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  static INVOLUTION_INLINE void Store(T* p, const V& v) { std::memcpy(p, &v, sizeof v); }

  // Element by element: "= {}" on an array of vectors compiles to a memset of a stack copy, and
  // the sums then live in memory rather than registers.
  template <int A, int B>
  static INVOLUTION_INLINE void Zero(V (&acc)[A][B]) {
    for (int a = 0; a < A; ++a)
      for (int b = 0; b < B; ++b) acc[a][b] = V{};
  }

  // out[k][j] = sum over taps of a[j] * b[k * row_len + j], for NC channels sharing a's plane.
  // Serves the forward pass (a = kernel, b = x) and dx (a = kernel, b = dy, gathered).
  template <int NC>
  static INVOLUTION_INLINE void TapSum(const Geometry& g, const Tap<T>* taps, int64_t n,
                                       int64_t a_off, int64_t b_off, T* out) {
    int64_t j = 0;
    for (; j + 2 * kLanes <= g.Wv; j += 2 * kLanes) {
      TapSumAt<NC, 2>(g, taps, n, a_off, b_off, j, out);
    }
    if (j < g.Wv) TapSumAt<NC, 1>(g, taps, n, a_off, b_off, j, out);
  }

  // JB vectors from column j on: two at a time halve the loop and pointer overhead per product.
  template <int NC, int JB>
  static INVOLUTION_INLINE void TapSumAt(const Geometry& g, const Tap<T>* taps, int64_t n,
                                         int64_t a_off, int64_t b_off, int64_t j, T* out) {
    V acc[JB][NC];
    Zero(acc);
    for (int64_t t = 0; t < n; ++t) {
      const T* a = taps[t].a + a_off + j;
      const T* b = taps[t].b + b_off + j;
      for (int q = 0; q < JB; ++q) {
        const V av = Load(a + q * kLanes);
        for (int k = 0; k < NC; ++k) acc[q][k] += av * Load(b + k * g.row_len + q * kLanes);
      }
    }
    for (int q = 0; q < JB; ++q)
      for (int k = 0; k < NC; ++k) Store(out + k * g.Wv + j + q * kLanes, acc[q][k]);
  }

  // out[uv][j] (+)= sum over NC channels of dy[k * row_len + j] * x[k * row_len + j]: one group's
  // share of dkernel, b being x at each tap's shift.
  template <int NC>
  static INVOLUTION_INLINE void TapCorrelate(const Geometry& g, const Tap<T>* taps, int64_t n,
                                             const T* dy, int64_t x_off, bool accumulate,
                                             T* out) {
    int64_t j = 0;
    for (; j + 2 * kLanes <= g.Wv; j += 2 * kLanes) {
      TapCorrelateAt<NC, 2>(g, taps, n, dy, x_off, accumulate, j, out);
    }
    if (j < g.Wv) TapCorrelateAt<NC, 1>(g, taps, n, dy, x_off, accumulate, j, out);
  }

  template <int NC, int JB>
  static INVOLUTION_INLINE void TapCorrelateAt(const Geometry& g, const Tap<T>* taps, int64_t n,
                                               const T* dy, int64_t x_off, bool accumulate,
                                               int64_t j, T* out) {
    V dyv[JB][NC];
    for (int q = 0; q < JB; ++q)
      for (int k = 0; k < NC; ++k) dyv[q][k] = Load(dy + k * g.row_len + j + q * kLanes);
    for (int64_t t = 0; t < n; ++t) {
      const T* x = taps[t].b + x_off + j;
      T* o = out + taps[t].uv * g.Wv + j;
      for (int q = 0; q < JB; ++q) {
        V acc = accumulate ? Load(o + q * kLanes) : V{};
        for (int k = 0; k < NC; ++k) acc += dyv[q][k] * Load(x + k * g.row_len + q * kLanes);
        Store(o + q * kLanes, acc);
      }
    }
  }

  // out[c][j] for every channel: TapSum over chunks of at most kChannelChunk channels of a group.
  static INVOLUTION_INLINE void TapSumAll(const Geometry& g, const Tap<T>* taps, int64_t n,
                                          T* out) {
    for (int64_t group = 0; group < g.G; ++group) {
      const int64_t a_off = group * g.KK * g.row_len, end = (group + 1) * g.cpg;
      for (int64_t c = group * g.cpg; c < end; c += kChannelChunk) {
        const int64_t b_off = c * g.row_len;
        T* o = out + c * g.Wv;
        switch (std::min<int64_t>(kChannelChunk, end - c)) {
          case 1: TapSum<1>(g, taps, n, a_off, b_off, o); break;
          case 2: TapSum<2>(g, taps, n, a_off, b_off, o); break;
          case 3: TapSum<3>(g, taps, n, a_off, b_off, o); break;
          default: TapSum<4>(g, taps, n, a_off, b_off, o); break;
        }
      }
    }
  }

  // out[group][uv][j] for every group: TapCorrelate over chunks of the group's channels.
  static INVOLUTION_INLINE void TapCorrelateAll(const Geometry& g, const Tap<T>* taps, int64_t n,
                                                const T* dy_row, T* out) {
    for (int64_t group = 0; group < g.G; ++group) {
      T* o = out + group * g.KK * g.Wv;
      const int64_t end = (group + 1) * g.cpg;
      for (int64_t c = group * g.cpg; c < end; c += kChannelChunk) {
        const int64_t off = c * g.row_len;
        const bool acc = c > group * g.cpg;
        switch (std::min<int64_t>(kChannelChunk, end - c)) {
          case 1: TapCorrelate<1>(g, taps, n, dy_row + off, off, acc, o); break;
          case 2: TapCorrelate<2>(g, taps, n, dy_row + off, off, acc, o); break;
          case 3: TapCorrelate<3>(g, taps, n, dy_row + off, off, acc, o); break;
          default: TapCorrelate<4>(g, taps, n, dy_row + off, off, acc, o); break;
        }
      }
    }
  }

  static INVOLUTION_INLINE void Forward(const Call<T>& call, int64_t item) {
    const int64_t cpg = call.d.channels / call.d.groups, KK = call.d.kernel_size * call.d.kernel_size;
    if (cpg % kLanes == 0) {
      ForwardChannels<false>(call, item);
    } else if (kBytes >= 32 && kLanes % cpg == 0 && call.d.channels % kLanes == 0 &&
               (kLanes / cpg - 1) * KK < 2 * kLanes) {
      // Several groups per vector (C = 16, G = 4 say): see SpreadAt.
      ForwardChannels<true>(call, item);
    } else {
      ForwardPlanar(call, item);
    }
  }

  using Index = std::conditional_t<sizeof(T) == 4, int32_t, int64_t>;
  typedef Index Mask __attribute__((vector_size(kBytes)));

  // The forward pass along channels, for groups of whole vectors of channels (C = 16, G = 1 say):
  // each vector of y is a sum of vectors of x, read from zero-margined NHWC rows, times kernel
  // values broadcast straight from the input. It needs no transposes; the planar pass below pays
  // for them to vectorise any channel count (measured 1.2-1.8x slower where both apply).
  template <bool kSpread>
  static INVOLUTION_INLINE void ForwardChannels(const Call<T>& call, int64_t item) {
    const Geometry g(call.d, kLanes);
    const int64_t b = item / call.bands, band = item % call.bands;
    const int64_t i0 = g.H * band / call.bands, i1 = g.H * (band + 1) / call.bands;
    const int64_t GKK = g.G * g.KK;

    const size_t bytes = Ring::Bytes(g, g.C, g.K, false) + ScratchBytes<Tap<T>>(g.KK) +
                         ScratchBytes<T>(GKK + 2 * kLanes);
    unsigned char* p = ThreadScratch(bytes);
    Ring xs(g, call.x + b * g.H * g.W * g.C, g.C, g.K, &p, false);
    Tap<T>* taps = Carve<Tap<T>>(&p, g.KK);
    T* pad = Carve<T>(&p, GKK + 2 * kLanes);
    std::fill_n(pad, GKK + 2 * kLanes, T(0));
    Mask spread_mask;
    for (int l = 0; l < kLanes; ++l) spread_mask[l] = static_cast<Index>(l / g.cpg * g.KK);

    for (int64_t first = i0; first < std::min(i1, i0 + g.dil); ++first) {
      for (int64_t i = first; i < i1; i += g.dil) {
        int64_t n = 0;
        for (int64_t u = 0; u < g.K; ++u) {
          const int64_t row = i + (u - g.r) * g.dil;
          if (!g.RowInside(row)) continue;
          const T* xrow = xs.Row(row) + g.P * g.C;
          for (int64_t v = 0; v < g.K; ++v) {
            const int64_t s = (v - g.r) * g.dil, uv = u * g.K + v;
            if (g.ShiftInside(s)) taps[n++] = {nullptr, xrow + s * g.C, uv};
          }
        }
        const T* h = call.kernel + (b * g.H + i) * g.W * GKK;
        T* y = call.out + (b * g.H + i) * g.W * g.C;
        int64_t j = 0;
        if constexpr (kSpread) {
          // SpreadAt reads up to 2 * kLanes values past a pixel's first kernel value: the last
          // pixels of the tensor read a padded copy instead.
          const T* h_end = call.kernel + call.d.batch * g.H * g.W * GKK;
          int64_t safe = g.W;
          while (safe > 0 && h + (safe - 1) * GKK + GKK + 2 * kLanes > h_end) --safe;
          for (; j + 4 <= safe; j += 4) {
            Transposer::Prefetch(h + j * GKK, 4 * GKK, false);
            SpreadAt<4>(g, taps, n, h, j, spread_mask, y);
          }
          for (; j < safe; ++j) SpreadAt<1>(g, taps, n, h, j, spread_mask, y);
          for (; j < g.W; ++j) {
            std::memcpy(pad, h + j * GKK, sizeof(T) * GKK);
            SpreadAt<1>(g, taps, n, pad - j * GKK, j, spread_mask, y);
          }
        } else {
          for (; j + 4 <= g.W; j += 4) {
            Transposer::Prefetch(h + j * GKK, 4 * GKK, false);
            Transposer::Prefetch(y + j * g.C, 4 * g.C, true);
            ChannelsAt<4>(g, taps, n, h, j, y);
          }
          for (; j < g.W; ++j) ChannelsAt<1>(g, taps, n, h, j, y);
        }
      }
    }
  }

  // y at pixels [j, j + JB) of one row where a vector of channels spans kLanes / cpg groups.
  // Tap uv of those groups has its kernel values at hg[uv + m * KK], m < kLanes / cpg, all
  // within the 2 * kLanes values from hg + uv on: one two-vector shuffle with a fixed mask
  // spreads each over its group's lanes.
  template <int JB>
  static INVOLUTION_INLINE void SpreadAt(const Geometry& g, const Tap<T>* taps, int64_t n,
                                         const T* h, int64_t j, const Mask& mask, T* y) {
    const int64_t GKK = g.G * g.KK;
    for (int64_t c = 0; c < g.C; c += kLanes) {
      const T* hg = h + j * GKK + c / g.cpg * g.KK;
      V acc[JB];
      for (int q = 0; q < JB; ++q) acc[q] = V{};
      for (int64_t t = 0; t < n; ++t) {
        const T* x = taps[t].b + j * g.C + c;
        const T* ht = hg + taps[t].uv;
        for (int q = 0; q < JB; ++q) {
          const V hv = __builtin_shuffle(Load(ht + q * GKK), Load(ht + q * GKK + kLanes), mask);
          acc[q] += Load(x + q * g.C) * hv;
        }
      }
      for (int q = 0; q < JB; ++q) Store(y + (j + q) * g.C + c, acc[q]);
    }
  }

  // y at pixels [j, j + JB) of one row, every channel. Several pixels at once keep independent
  // sums in flight; two vectors of channels at once share each broadcast kernel value.
  template <int JB>
  static INVOLUTION_INLINE void ChannelsAt(const Geometry& g, const Tap<T>* taps, int64_t n,
                                           const T* h, int64_t j, T* y) {
    for (int64_t group = 0; group < g.G; ++group) {
      const int64_t end = (group + 1) * g.cpg;
      int64_t c = group * g.cpg;
      for (; c + 2 * kLanes <= end; c += 2 * kLanes) {
        ChannelsAt<JB, 2>(g, taps, n, h + group * g.KK, j, c, y);
      }
      if (c < end) ChannelsAt<JB, 1>(g, taps, n, h + group * g.KK, j, c, y);
    }
  }

  template <int JB, int CV>
  static INVOLUTION_INLINE void ChannelsAt(const Geometry& g, const Tap<T>* taps, int64_t n,
                                           const T* hg, int64_t j, int64_t c, T* y) {
    const int64_t GKK = g.G * g.KK;
    V acc[JB][CV];
    Zero(acc);
    for (int64_t t = 0; t < n; ++t) {
      const T* x = taps[t].b + j * g.C + c;
      const T* ht = hg + j * GKK + taps[t].uv;
      for (int q = 0; q < JB; ++q) {
        const T hv = ht[q * GKK];
        for (int k = 0; k < CV; ++k) acc[q][k] += Load(x + q * g.C + k * kLanes) * hv;
      }
    }
    for (int q = 0; q < JB; ++q)
      for (int k = 0; k < CV; ++k) Store(y + (j + q) * g.C + c + k * kLanes, acc[q][k]);
  }

  static INVOLUTION_INLINE void ForwardPlanar(const Call<T>& call, int64_t item) {
    const Geometry g(call.d, kLanes);
    const int64_t b = item / call.bands, band = item % call.bands;
    const int64_t i0 = g.H * band / call.bands, i1 = g.H * (band + 1) / call.bands;

    const size_t bytes = Ring::Bytes(g, g.C, g.K) + Ring::Bytes(g, g.G * g.KK, 1) +
                         ScratchBytes<T>(g.C * g.Wv) + ScratchBytes<Tap<T>>(g.KK);
    unsigned char* p = ThreadScratch(bytes);
    Ring xs(g, call.x + b * g.H * g.W * g.C, g.C, g.K, &p);
    Ring ks(g, call.kernel + b * g.H * g.W * g.G * g.KK, g.G * g.KK, 1, &p);
    T* yt = Carve<T>(&p, g.C * g.Wv);
    Tap<T>* taps = Carve<Tap<T>>(&p, g.KK);

    for (int64_t first = i0; first < std::min(i1, i0 + g.dil); ++first) {
      for (int64_t i = first; i < i1; i += g.dil) {
        const T* krow = ks.Row(i) + g.P;
        int64_t n = 0;
        for (int64_t u = 0; u < g.K; ++u) {
          const int64_t row = i + (u - g.r) * g.dil;
          if (!g.RowInside(row)) continue;
          const T* xrow = xs.Row(row) + g.P;
          for (int64_t v = 0; v < g.K; ++v) {
            const int64_t s = (v - g.r) * g.dil, uv = u * g.K + v;
            if (g.ShiftInside(s)) taps[n++] = {krow + uv * g.row_len, xrow + s, uv};
          }
        }
        TapSumAll(g, taps, n, yt);
        Transposer::FromPlanar(yt, g.Wv, g.C, g.W, call.out + (b * g.H + i) * g.W * g.C);
      }
    }
  }

  static INVOLUTION_INLINE void Backward(const Call<T>& call, int64_t item) {
    const Geometry g(call.d, kLanes);
    const int64_t b = item / call.bands, band = item % call.bands;
    const int64_t i0 = g.H * band / call.bands, i1 = g.H * (band + 1) / call.bands;
    const int64_t GKK = g.G * g.KK;

    const size_t bytes = 2 * Ring::Bytes(g, g.C, g.K) + Ring::Bytes(g, GKK, g.K) +
                         ScratchBytes<T>(GKK * g.Wv) + ScratchBytes<T>(g.C * g.Wv) +
                         ScratchBytes<Tap<T>>(g.KK);
    unsigned char* p = ThreadScratch(bytes);
    Ring xs(g, call.x + b * g.H * g.W * g.C, g.C, g.K, &p);
    Ring dys(g, call.dy + b * g.H * g.W * g.C, g.C, g.K, &p);
    Ring ks(g, call.kernel + b * g.H * g.W * GKK, GKK, g.K, &p);
    T* dkt = Carve<T>(&p, GKK * g.Wv);
    T* dxt = Carve<T>(&p, g.C * g.Wv);
    Tap<T>* taps = Carve<Tap<T>>(&p, g.KK);

    for (int64_t first = i0; first < std::min(i1, i0 + g.dil); ++first) {
      for (int64_t i = first; i < i1; i += g.dil) {
        // dkernel at row i: dy at row i against x at each tap.
        const T* dy_row = dys.Row(i) + g.P;
        int64_t n = 0;
        for (int64_t u = 0; u < g.K; ++u) {
          const int64_t row = i + (u - g.r) * g.dil;
          const T* xrow = g.RowInside(row) ? xs.Row(row) + g.P : nullptr;
          for (int64_t v = 0; v < g.K; ++v) {
            const int64_t s = (v - g.r) * g.dil, uv = u * g.K + v;
            if (xrow != nullptr && g.ShiftInside(s)) {
              taps[n++] = {nullptr, xrow + s, uv};
            } else {
              for (int64_t group = 0; group < g.G; ++group) {
                std::fill_n(dkt + (group * g.KK + uv) * g.Wv, g.Wv, T(0));
              }
            }
          }
        }
        TapCorrelateAll(g, taps, n, dy_row, dkt);
        Transposer::FromPlanar(dkt, g.Wv, GKK, g.W, call.dkernel + (b * g.H + i) * g.W * GKK);

        // dx at row i: the outputs at row i - (u - r) * dil whose tap (u, v) reads row i.
        n = 0;
        for (int64_t u = 0; u < g.K; ++u) {
          const int64_t row = i - (u - g.r) * g.dil;
          if (!g.RowInside(row)) continue;
          const T* krow = ks.Row(row) + g.P;
          const T* dyrow = dys.Row(row) + g.P;
          for (int64_t v = 0; v < g.K; ++v) {
            const int64_t s = (v - g.r) * g.dil, uv = u * g.K + v;
            if (g.ShiftInside(s)) taps[n++] = {krow + uv * g.row_len - s, dyrow - s, uv};
          }
        }
        TapSumAll(g, taps, n, dxt);
        Transposer::FromPlanar(dxt, g.Wv, g.C, g.W, call.out + (b * g.H + i) * g.W * g.C);
      }
    }
  }
};

// The per-ISA entry points.
template <typename T>
__attribute__((target("avx512f,avx2,fma"))) void ForwardAvx512(const Call<T>& c, int64_t item) {
  Kernels<T, 64>::Forward(c, item);
}
template <typename T>
__attribute__((target("avx512f,avx2,fma"))) void BackwardAvx512(const Call<T>& c, int64_t item) {
  Kernels<T, 64>::Backward(c, item);
}
template <typename T>
__attribute__((target("avx2,fma"))) void ForwardAvx2(const Call<T>& c, int64_t item) {
  Kernels<T, 32>::Forward(c, item);
}
template <typename T>
__attribute__((target("avx2,fma"))) void BackwardAvx2(const Call<T>& c, int64_t item) {
  Kernels<T, 32>::Backward(c, item);
}
template <typename T>
void ForwardSse2(const Call<T>& c, int64_t item) {
  Kernels<T, 16>::Forward(c, item);
}
template <typename T>
void BackwardSse2(const Call<T>& c, int64_t item) {
  Kernels<T, 16>::Backward(c, item);
}

enum class Isa { kSse2, kAvx2, kAvx512 };

Isa SelectIsa() {
  __builtin_cpu_init();
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  const bool avx512 = avx2 && __builtin_cpu_supports("avx512f");
  Isa best = avx512 ? Isa::kAvx512 : avx2 ? Isa::kAvx2 : Isa::kSse2;
  if (const char* want = std::getenv("INVOLUTION_CPU_ISA")) {
    const Isa asked = std::strcmp(want, "sse2") == 0   ? Isa::kSse2
                      : std::strcmp(want, "avx2") == 0 ? Isa::kAvx2
                                                       : Isa::kAvx512;
    best = std::min(best, asked);
  }
  return best;
}

Isa ChosenIsa() {
  static const Isa isa = SelectIsa();
  return isa;
}

// Splits the call into items (whole images, or bands of rows when there are fewer images than
// the pool wants items) and runs them with the chosen instruction set.
template <typename T>
void Run(Call<T> call, bool backward) {
  using Fn = void (*)(const Call<T>&, int64_t);
  static const Fn fns[3][2] = {{ForwardSse2<T>, BackwardSse2<T>},
                               {ForwardAvx2<T>, BackwardAvx2<T>},
                               {ForwardAvx512<T>, BackwardAvx512<T>}};
  const Fn fn = fns[static_cast<int>(ChosenIsa())][backward ? 1 : 0];
  const Dims& d = call.d;
  const int64_t threads = CpuThreads();
  const int64_t work = d.batch * d.height * d.width * d.channels * d.kernel_size * d.kernel_size;
  const bool parallel = threads > 1 && work >= kMinParallelWork;
  call.bands = 1;
  if (parallel) {
    // A few items per thread, since the cores may be shared, but bands no thinner than twice
    // the rows of halo each one reads for its taps.
    const int64_t wanted = (4 * threads + d.batch - 1) / d.batch;
    const int64_t min_rows = std::max<int64_t>(4, 2 * (d.kernel_size - 1) * d.dilation);
    call.bands = std::max<int64_t>(1, std::min(wanted, d.height / min_rows));
  }
  const int64_t items = d.batch * call.bands;
  auto item = [&](int64_t i) { fn(call, i); };
  if (parallel) {
    ParallelFor(items, item);
  } else {
    for (int64_t i = 0; i < items; ++i) item(i);
  }
}

}  // namespace

const char* CpuIsa() {
  switch (ChosenIsa()) {
    case Isa::kAvx512: return "avx512";
    case Isa::kAvx2: return "avx2";
    default: return "sse2";
  }
}

template <typename T>
void ForwardCpu(const Dims& d, const T* x, const T* kernel, T* y) {
  Run(Call<T>{d, x, kernel, nullptr, y, nullptr, 1}, false);
}

template <typename T>
void BackwardCpu(const Dims& d, const T* x, const T* kernel, const T* dy, T* dx, T* dkernel) {
  Run(Call<T>{d, x, kernel, dy, dx, dkernel, 1}, true);
}

template void ForwardCpu<float>(const Dims&, const float*, const float*, float*);
template void ForwardCpu<double>(const Dims&, const double*, const double*, double*);
template void BackwardCpu<float>(const Dims&, const float*, const float*, const float*, float*,
                                 float*);
template void BackwardCpu<double>(const Dims&, const double*, const double*, const double*,
                                  double*, double*);

}  // namespace involution
