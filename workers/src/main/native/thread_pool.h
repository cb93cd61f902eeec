// A small persistent thread pool for the CPU kernels. TensorFlow's C kernel API does not expose
// its intra-op thread pool, so the kernels bring their own: threads are started once, on first
// use, and sleep between calls.
#ifndef SCREENING_INVOLUTION_THREAD_POOL_H_
#define SCREENING_INVOLUTION_THREAD_POOL_H_

#include <stdint.h>

namespace involution {

// Threads a parallel loop uses, the calling thread included: INVOLUTION_NUM_THREADS when set to a
// positive number, else the hardware concurrency.
int CpuThreads();

// Replaces the pool by one of n threads (n <= 0: back to the default above). For tests and
// benchmarks; must not race with a running ParallelFor.
void SetCpuThreads(int n);

// Calls fn(ctx, i) for every i in [0, n), spread over the pool; the caller works too and returns
// once all calls have returned. Several threads may call this at once (TensorFlow runs
// independent ops concurrently): a caller that finds the pool busy runs its loop alone rather than
// queueing behind the other, since the cores are busy anyway.
void ParallelFor(int64_t n, void (*fn)(void* ctx, int64_t i), void* ctx);

template <typename F>
void ParallelFor(int64_t n, F& f) {
  ParallelFor(n, [](void* ctx, int64_t i) { (*static_cast<F*>(ctx))(i); }, &f);
}

}  // namespace involution

#endif  // SCREENING_INVOLUTION_THREAD_POOL_H_
