package org.screening.launcher.chaos;

import java.util.List;

/**
 * Whether a measure sampled over a soak grows without bound. Samples from the first
 * {@link #WARM_UP} of the run are left out (JIT, caches filling, pools reaching their size);
 * over the rest, a least-squares line gives the slope. The measure grows when both the line
 * rises by more than {@code tolerance} over that span and the median of the last third of the
 * samples lies more than {@code tolerance} above the median of the first third: a slope alone
 * can come from one late spike, a difference of medians alone from noise at the ends.
 *
 * @param slopePerMinute least-squares slope after the warm-up, per minute
 * @param first median of the first third after the warm-up
 * @param last median of the last third
 * @param tolerance how much rise over the span still counts as bounded
 * @param growing the verdict
 */
record Trend(double slopePerMinute, double first, double last, double tolerance,
    boolean growing) {

  /** The share of the run's samples treated as warm-up. */
  static final double WARM_UP = 0.25;
  /** Fewer samples than this after the warm-up say nothing either way. */
  static final int MIN_SAMPLES = 6;

  /** A measure's allowance: {@code absolute}, or {@code relative} of its level if larger. */
  record Tolerance(double absolute, double relative) {
    double of(double level) {
      return Math.max(absolute, relative * Math.abs(level));
    }
  }

  /** A sample: when (minutes from the start of the load) and the value. */
  record Point(double minutes, double value) {}

  static Trend of(List<Point> samples, Tolerance allowance) {
    if (samples.isEmpty()) {
      return new Trend(0, 0, 0, 0, false);
    }
    double start = samples.get(0).minutes();
    double end = samples.get(samples.size() - 1).minutes();
    double from = start + WARM_UP * (end - start);
    List<Point> kept = samples.stream().filter(p -> p.minutes() >= from).toList();
    double slope = slope(kept);
    int third = Math.max(1, kept.size() / 3);
    double first = median(kept.subList(0, third));
    double last = median(kept.subList(kept.size() - third, kept.size()));
    double tolerance = allowance.of(median(kept));
    double span = kept.get(kept.size() - 1).minutes() - kept.get(0).minutes();
    boolean growing = kept.size() >= MIN_SAMPLES && slope * span > tolerance
        && last - first > tolerance;
    return new Trend(slope, first, last, tolerance, growing);
  }

  private static double slope(List<Point> points) {
    double meanT = points.stream().mapToDouble(Point::minutes).average().orElse(0);
    double meanV = points.stream().mapToDouble(Point::value).average().orElse(0);
    double covariance = 0;
    double variance = 0;
    for (Point p : points) {
      covariance += (p.minutes() - meanT) * (p.value() - meanV);
      variance += (p.minutes() - meanT) * (p.minutes() - meanT);
    }
    return variance == 0 ? 0 : covariance / variance;
  }

  private static double median(List<Point> points) {
    double[] values = points.stream().mapToDouble(Point::value).sorted().toArray();
    int n = values.length;
    return n == 0 ? 0 : n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
