package org.screening.launcher.bench;

import java.util.Arrays;

/** Percentiles of a set of latencies, in milliseconds (nearest rank). */
public record LatencySummary(long count, double p50Ms, double p95Ms, double p99Ms, double maxMs) {

  public static LatencySummary of(double[] millis) {
    if (millis.length == 0) {
      throw new IllegalArgumentException("No latencies were recorded");
    }
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    return new LatencySummary(sorted.length, rank(sorted, 0.50), rank(sorted, 0.95),
        rank(sorted, 0.99), sorted[sorted.length - 1]);
  }

  private static double rank(double[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, index)];
  }
}
