package org.screening.launcher.chaos;

import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads a gateway node's heap in use from its Prometheus {@code /metrics} (the sum of {@code
 * jvm_memory_used_bytes} over the heap pools) every second, from its creation until it is
 * closed, and keeps the largest reading.
 */
final class HeapProbe implements AutoCloseable {

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final NodeMetrics metrics;
  private volatile long maxBytes;

  HeapProbe(URI node) {
    this.metrics = new NodeMetrics(node);
    timer.scheduleWithFixedDelay(this::sample, 0, 1, TimeUnit.SECONDS);
  }

  /** Takes one reading; a node that does not answer leaves the maximum as it was. */
  private void sample() {
    try {
      metrics.sum("jvm_memory_used_bytes", "area=\"heap\"")
          .ifPresent(heap -> maxBytes = Math.max(maxBytes, (long) heap));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  long maxMegabytes() {
    return maxBytes / (1024 * 1024);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
