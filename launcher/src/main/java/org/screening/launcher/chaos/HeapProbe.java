package org.screening.launcher.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads a gateway node's heap in use from its Prometheus {@code /metrics} (the sum of {@code
 * jvm_memory_used_bytes} over the heap pools) every second, from its creation until it is
 * closed, and keeps the largest reading.
 */
final class HeapProbe implements AutoCloseable {

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final URI metrics;
  private volatile long maxBytes;

  HeapProbe(URI node) {
    this.metrics = node.resolve("/metrics");
    timer.scheduleWithFixedDelay(this::sample, 0, 1, TimeUnit.SECONDS);
  }

  /** Takes one reading; a node that does not answer leaves the maximum as it was. */
  private void sample() {
    try {
      String text = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
      long heap = 0;
      for (String line : text.split("\n")) {
        if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
          heap += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      maxBytes = Math.max(maxBytes, heap);
    } catch (IOException e) {
      // No reading this time; the scenario checks separately that the node is alive.
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
