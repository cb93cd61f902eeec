#include "thread_pool.h"

#include <sched.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace involution {
namespace {

// One ParallelFor call. It lives on the caller's stack; workers reach it through the pool only
// while the caller has it published, and the caller waits for every worker that attached.
struct Job {
  void (*fn)(void*, int64_t);
  void* ctx;
  int64_t n;
  std::atomic<int64_t> next{0};
  int attached = 0;  // guarded by Pool::mu_

  void Drain() {
    for (int64_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < n;) fn(ctx, i);
  }
};

class Pool {
 public:
  explicit Pool(int threads) {
    for (int t = 1; t < threads; ++t) workers_.emplace_back([this] { Work(); });
  }

  ~Pool() {
    {
      std::lock_guard<std::mutex> lk(mu_);
      stop_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : workers_) t.join();
  }

  int threads() const { return static_cast<int>(workers_.size()) + 1; }

  void Run(int64_t n, void (*fn)(void*, int64_t), void* ctx) {
    Job job{fn, ctx, n};
    std::unique_lock<std::mutex> busy(run_mu_, std::try_to_lock);
    if (!busy.owns_lock() || workers_.empty()) {
      job.Drain();
      return;
    }
    {
      std::lock_guard<std::mutex> lk(mu_);
      job_ = &job;
      ++generation_;
    }
    wake_.notify_all();
    job.Drain();
    // Unpublish before waiting so that a worker waking late cannot attach to a finished job;
    // those already attached finish the items they took.
    std::unique_lock<std::mutex> lk(mu_);
    job_ = nullptr;
    done_.wait(lk, [&] { return job.attached == 0; });
  }

 private:
  void Work() {
    std::unique_lock<std::mutex> lk(mu_);
    uint64_t seen = 0;  // the generation at construction, so a late start still joins job 1
    for (;;) {
      wake_.wait(lk, [&] { return stop_ || (job_ != nullptr && generation_ != seen); });
      if (stop_) return;
      seen = generation_;
      Job* job = job_;
      ++job->attached;
      lk.unlock();
      job->Drain();
      lk.lock();
      if (--job->attached == 0) done_.notify_all();
    }
  }

  std::mutex run_mu_;  // held by the one caller using the workers
  std::mutex mu_;
  std::condition_variable wake_, done_;
  Job* job_ = nullptr;
  uint64_t generation_ = 0;
  bool stop_ = false;
  std::vector<std::thread> workers_;
};

int DefaultThreads() {
  if (const char* env = std::getenv("INVOLUTION_NUM_THREADS")) {
    const int n = std::atoi(env);
    if (n > 0) return n;
  }
  // The affinity mask, unlike hardware_concurrency(), reflects a container's cpuset.
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
  const unsigned hw = std::thread::hardware_concurrency();
  return hw > 0 ? static_cast<int>(hw) : 1;
}

std::mutex g_pool_mu;
// Deliberately never destroyed: joining threads from a static destructor at process exit (or
// after TensorFlow's own teardown) buys nothing and risks hangs.
Pool* g_pool = nullptr;

Pool* GetPool() {
  std::lock_guard<std::mutex> lk(g_pool_mu);
  if (g_pool == nullptr) g_pool = new Pool(DefaultThreads());
  return g_pool;
}

}  // namespace

int CpuThreads() { return GetPool()->threads(); }

void SetCpuThreads(int n) {
  std::lock_guard<std::mutex> lk(g_pool_mu);
  delete g_pool;
  g_pool = new Pool(n > 0 ? n : DefaultThreads());
}

void ParallelFor(int64_t n, void (*fn)(void* ctx, int64_t i), void* ctx) {
  if (n <= 0) return;
  if (n == 1) {
    fn(ctx, 0);
    return;
  }
  GetPool()->Run(n, fn, ctx);
}

}  // namespace involution
