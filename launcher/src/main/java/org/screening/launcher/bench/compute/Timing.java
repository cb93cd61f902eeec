package org.screening.launcher.bench.compute;

import java.util.Arrays;

/** The wall-clock times of the timed (post warm-up) steps of one measurement, one per round. */
public record Timing(double[] millis) {

  public Timing {
    if (millis.length == 0) {
      throw new IllegalArgumentException("A timing needs at least one sample");
    }
    millis = millis.clone();
  }

  /** The median: robust to the odd step that loses its core to other work on a shared machine. */
  double medianMs() {
    return median(millis);
  }

  /** The interquartile range: how far the middle half of the rounds spread. */
  double iqrMs() {
    return iqr(millis);
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
    return median(ratiosTo(other));
  }

  /** The interquartile range of those per-round ratios. */
  double ratioIqrTo(Timing other) {
    return iqr(ratiosTo(other));
  }

  private double[] ratiosTo(Timing other) {
    if (other.millis.length != millis.length) {
      throw new IllegalArgumentException("Timings of " + millis.length + " and "
          + other.millis.length + " rounds were not taken side by side");
    }
    double[] ratios = new double[millis.length];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = millis[i] / other.millis[i];
    }
    return ratios;
  }

  /** The median of {@code values} (any unit). */
  public static double median(double[] values) {
    return quantile(values, 0.5);
  }

  /** The interquartile range of {@code values} (any unit). */
  public static double iqr(double[] values) {
    return quantile(values, 0.75) - quantile(values, 0.25);
  }

  /** Linear interpolation between the closest ranks (R's and NumPy's default). */
  private static double quantile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double rank = q * (sorted.length - 1);
    int lo = (int) Math.floor(rank);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
  }
}
