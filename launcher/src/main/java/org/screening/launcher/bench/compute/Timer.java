package org.screening.launcher.bench.compute;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times several steps side by side: after a warm-up, rounds of one timed run of each step in turn,
 * up to {@code repeats} rounds. On a shared machine a load spike then slows every step of the
 * rounds it hits alike, where timing one step after another would charge it to whichever step ran
 * at the time; each round also starts at the next step, so no step always runs first or right
 * after another. Warm-up lasts at least {@link #WARMUP_RUNS} rounds and a quarter of the budget:
 * sub-millisecond steps need hundreds of runs before the JIT, TF's executor caches and XLA's
 * compiled clusters settle. The budget, per step, stops slow shapes early so the whole bench stays
 * within minutes, never before {@link #MIN_RUNS} rounds.
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

  /** One timing per step, in the steps' order; sample r of every timing comes from round r. */
  List<Timing> time(List<Runnable> steps) {
    int n = steps.size();
    long budget = budgetNanos * n;
    long warmupStart = System.nanoTime();
    for (int round = 0; round < WARMUP_RUNS || System.nanoTime() - warmupStart < budget / 4;
        round++) {
      steps.forEach(Runnable::run);
    }
    double[][] samples = new double[n][repeats];
    int rounds = 0;
    long start = System.nanoTime();
    while (rounds < repeats && (rounds < MIN_RUNS || System.nanoTime() - start < budget)) {
      for (int k = 0; k < n; k++) {
        int s = (rounds + k) % n;
        long t0 = System.nanoTime();
        steps.get(s).run();
        samples[s][rounds] = (System.nanoTime() - t0) / 1e6;
      }
      rounds++;
    }
    List<Timing> timings = new ArrayList<>(n);
    for (double[] s : samples) {
      timings.add(new Timing(Arrays.copyOf(s, rounds)));
    }
    return timings;
  }
}
