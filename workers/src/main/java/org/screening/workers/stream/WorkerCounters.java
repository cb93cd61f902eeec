package org.screening.workers.stream;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Written on the worker's event loop, read by {@link Worker#metrics()} from any thread. */
final class WorkerCounters {

  final AtomicLong consumed = new AtomicLong();
  final AtomicLong results = new AtomicLong();
  final AtomicLong deadLetters = new AtomicLong();
  final AtomicLong dropped = new AtomicLong();
  final AtomicLong pauses = new AtomicLong();
  final AtomicLong rebalances = new AtomicLong();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger assigned = new AtomicInteger();
  final AtomicInteger paused = new AtomicInteger();

  WorkerMetrics snapshot(List<ModelMetrics> models) {
    return new WorkerMetrics(consumed.get(), results.get(), deadLetters.get(), dropped.get(),
        models.stream().mapToInt(ModelMetrics::pendingRequestCount).sum(), inFlight.get(),
        assigned.get(), paused.get(), pauses.get(), rebalances.get(), models);
  }
}
