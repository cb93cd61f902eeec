package org.screening.launcher.bench;

import org.screening.launcher.bench.compute.Timing;

/**
 * One figure measured in several rounds: its median over them, their spread (interquartile
 * range) and how many rounds there were. On a shared machine a single round can lose its core;
 * the spread says how much that moved the figure.
 */
public record Rounds(double median, double iqr, int rounds) {

  static Rounds of(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("No rounds were measured");
    }
    return new Rounds(Timing.median(values), Timing.iqr(values), values.length);
  }

  /** Each round's value over {@code reference}: the ratio's median and spread over rounds. */
  static Rounds ratio(double[] values, double reference) {
    double[] ratios = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      ratios[i] = values[i] / reference;
    }
    return of(ratios);
  }
}
