package org.screening.launcher.bench.compute;

import java.util.Comparator;
import java.util.List;

/**
 * A bare-session run of one model: throughput per batch size, the best batch, and the batching
 * gain, that batch's throughput over batch 1's.
 */
public record ModelBenchReport(String model, List<BatchThroughput> batches, int bestBatch,
    double batchingGain, Machine machine) {

  public ModelBenchReport {
    batches = List.copyOf(batches);
  }

  static ModelBenchReport of(String model, List<BatchThroughput> batches, Machine machine) {
    BatchThroughput one = batches.stream().filter(b -> b.batch() == 1).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("The batching gain needs batch size 1"));
    BatchThroughput best =
        batches.stream().max(Comparator.comparingDouble(BatchThroughput::imagesPerS)).orElseThrow();
    return new ModelBenchReport(model, batches, best.batch(), best.imagesPerS() / one.imagesPerS(),
        machine);
  }

  public String table() {
    StringBuilder out = new StringBuilder(String.format(
        "Bare session bench: %s, %d cores (%s), %s, TensorFlow %s%n", model, machine.cores(),
        machine.cpu(), machine.jvm(), machine.tensorflow()));
    out.append(String.format("%6s | %10s | %12s | %5s%n", "batch", "images/s", "ms/batch", "runs"));
    for (BatchThroughput b : batches) {
      out.append(String.format("%6d | %10.1f | %12.3f | %5d%s%n", b.batch(), b.imagesPerS(),
          b.msPerBatch(), b.runs(), b.batch() == bestBatch ? "  best" : ""));
    }
    out.append(String.format("batching gain %.2fx (batch %d over batch 1); ms = medians of "
        + "interleaved rounds%n", batchingGain, bestBatch));
    return out.toString();
  }
}
