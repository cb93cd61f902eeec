package org.screening.launcher.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;

/** Reads a gateway node's Prometheus {@code /metrics}: one meter, summed over its series. */
final class NodeMetrics {

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final URI metrics;

  NodeMetrics(URI node) {
    this.metrics = node.resolve("/metrics");
  }

  /**
   * The sum of {@code meter}'s series whose labels contain {@code labels} (empty: all), or
   * empty when the node does not answer.
   */
  OptionalDouble sum(String meter, String labels) throws InterruptedException {
    String text;
    try {
      text = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return OptionalDouble.empty();
    }
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith(meter + "{") && line.contains(labels)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return OptionalDouble.of(sum);
  }
}
