package org.screening.workers.bench;

import java.util.Arrays;

/** The wall-clock times of the timed (post warm-up) steps of one measurement, one per round. */
record Timing(double[] millis) {

  Timing {
    if (millis.length == 0) {
      throw new IllegalArgumentException("A timing needs at least one sample");
    }
    millis = millis.clone();
  }

  /** The median: robust to the odd step that loses its core to other work on a shared machine. */
  double medianMs() {
    return median(millis);
  }

  int runs() {
    return millis.length;
  }

  /**
   * The median over rounds of this timing's sample over the other's, for two timings taken in
   * the same rounds ({@link Timer}): a round slowed by load slows both sides, so its ratio
   * stays close to the true one even where both medians move.
   */
  double medianRatioTo(Timing other) {
    if (other.millis.length != millis.length) {
      throw new IllegalArgumentException("Timings of " + millis.length + " and "
          + other.millis.length + " rounds were not taken side by side");
    }
    double[] ratios = new double[millis.length];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = millis[i] / other.millis[i];
    }
    return median(ratios);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
