package org.screening.launcher.bench.compute;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * STREAM-copy style memory bandwidth: every core copies its slice of a float array much larger
 * than the caches into a second one. It is the yardstick the kernel's bandwidth efficiency is
 * measured against, taken in the same run so both see the same machine load.
 */
final class CopyBandwidthProbe {

  private static final int PASSES = 10;

  private CopyBandwidthProbe() {}

  /** Best-of-{@value #PASSES} copy rate in GB/s (10^9 bytes, counting read + write). */
  static double measureGbps(long bytesPerArray, int threads) {
    int floats = Math.toIntExact(bytesPerArray / Float.BYTES);
    if (floats < threads || threads < 1) {
      throw new IllegalArgumentException(
          "Copy probe needs at least one float per thread: " + bytesPerArray + " bytes, "
              + threads + " threads");
    }
    float[] source = new float[floats];
    float[] target = new float[floats];
    Arrays.fill(source, 1f);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      double bestSeconds = Double.MAX_VALUE;
      for (int pass = 0; pass < PASSES; pass++) {
        long t0 = System.nanoTime();
        List<Future<?>> slices = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
          int from = (int) ((long) floats * t / threads);
          int to = (int) ((long) floats * (t + 1) / threads);
          slices.add(pool.submit(() -> System.arraycopy(source, from, target, from, to - from)));
        }
        for (Future<?> slice : slices) {
          slice.get();
        }
        bestSeconds = Math.min(bestSeconds, (System.nanoTime() - t0) / 1e9);
      }
      return 2.0 * floats * Float.BYTES / bestSeconds / 1e9;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while measuring copy bandwidth", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Copy bandwidth probe failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
