package org.screening.launcher.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads a gateway node's heap in use from its Prometheus {@code /metrics} (the sum of {@code
 * jvm_memory_used_bytes} over the heap pools) and keeps the largest reading.
 */
final class HeapProbe {

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final URI metrics;
  private long maxBytes;

  HeapProbe(URI node) {
    this.metrics = node.resolve("/metrics");
  }

  /** Takes one reading; a node that does not answer leaves the maximum as it was. */
  void sample() throws InterruptedException {
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
    }
  }

  long maxMegabytes() {
    return maxBytes / (1024 * 1024);
  }
}
