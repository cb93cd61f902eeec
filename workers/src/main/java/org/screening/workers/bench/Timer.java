package org.screening.workers.bench;

import java.util.Arrays;

/**
 * Warms a step up, then times up to {@code repeats} runs of it. Warm-up lasts at least
 * {@link #WARMUP_RUNS} steps and a quarter of the budget: sub-millisecond steps need hundreds of
 * runs before the JIT, TF's executor caches and XLA's compiled clusters settle. The budget stops
 * slow shapes early so the whole bench stays within minutes, never before {@link #MIN_RUNS}.
 */
final class Timer {

  /** Covers XLA's compile, which happens on the first or second execution of a cluster. */
  static final int WARMUP_RUNS = 3;

  /** Fewest samples a median is taken from, unless fewer repeats were asked for. */
  static final int MIN_RUNS = 5;

  private final int repeats;
  private final long budgetNanos;

  Timer(int repeats, long budgetMillis) {
    if (repeats < 1 || budgetMillis < 0) {
      throw new IllegalArgumentException(
          "Need repeats >= 1 and a budget >= 0 ms, got " + repeats + " and " + budgetMillis);
    }
    this.repeats = repeats;
    this.budgetNanos = budgetMillis * 1_000_000;
  }

  Timing time(Runnable step) {
    long warmupStart = System.nanoTime();
    for (int i = 0; i < WARMUP_RUNS || System.nanoTime() - warmupStart < budgetNanos / 4; i++) {
      step.run();
    }
    double[] samples = new double[repeats];
    int runs = 0;
    long start = System.nanoTime();
    while (runs < repeats && (runs < MIN_RUNS || System.nanoTime() - start < budgetNanos)) {
      long t0 = System.nanoTime();
      step.run();
      samples[runs++] = (System.nanoTime() - t0) / 1e6;
    }
    return new Timing(Arrays.copyOf(samples, runs));
  }
}
