package org.screening.launcher.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.screening.launcher.bench.compute.ModelBench;
import org.screening.launcher.bench.compute.ModelBenchReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench model}: a shipped model's bare TensorFlow session at growing batch sizes. */
@Command(name = "model", mixinStandardHelpOptions = true,
    description = {
        "Times a model's bare TensorFlow session (the worker's session runner and options) at "
            + "batch sizes 1, 2, 4, ... on the same random images, side by side after warm-up.",
        "Reports images/s and ms per batch, the best batch size and the batching gain (its "
            + "throughput over batch 1's)."})
public final class ModelBenchCommand implements Callable<Integer> {

  /** Seg's 128x128 U-Net at batch 128 and beyond takes seconds a batch and gains nothing more. */
  private static final int SEG_MAX_BATCH = 64;
  private static final int CLS_MAX_BATCH = 256;

  @Spec
  CommandSpec spec;

  @Option(names = "--model", paramLabel = "NAME", defaultValue = "medic-cls",
      description = "medic-cls or medic-seg, from models/<name>/1 (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--model-dir", paramLabel = "DIR",
      description = "A SavedModel folder to time instead of a shipped model.")
  Path modelDir;

  @Option(names = "--max-batch", paramLabel = "N",
      description = "Largest batch size of the doubling series (default: 256 for medic-cls, "
          + SEG_MAX_BATCH + " for medic-seg).")
  Integer maxBatch;

  @Option(names = "--batch", paramLabel = "N",
      description = "A batch size to time instead of the doubling series; repeatable, include 1.")
  List<Integer> batches;

  @Option(names = "--repeats", paramLabel = "N", defaultValue = "50",
      description = "Most timed rounds, each one batch of every size (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--budget-ms", paramLabel = "MS", defaultValue = "1500",
      description = "Time budget per batch size for the timed rounds (default: ${DEFAULT-VALUE}),"
          + " plus a quarter for warm-up; at least 5 rounds are timed.")
  long budgetMillis;

  @Mixin
  BenchReportOutput output;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ModelBenchReport report = new ModelBench(settings(), err).run();
    output.print(out, "model", report.table(), report);
    return 0;
  }

  private ModelBench.Settings settings() {
    if (!model.equals("medic-cls") && !model.equals("medic-seg") && modelDir == null) {
      throw new ParameterException(spec.commandLine(), "--model is medic-cls or medic-seg");
    }
    Path dir = modelDir != null ? modelDir
        : Path.of(System.getProperty("screening.home", ".")).resolve("models").resolve(model)
            .resolve("1");
    try {
      return new ModelBench.Settings(dir, batches != null ? batches : doubling(), repeats,
          budgetMillis);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private List<Integer> doubling() {
    int max = maxBatch != null ? maxBatch
        : model.equals("medic-seg") ? SEG_MAX_BATCH : CLS_MAX_BATCH;
    List<Integer> sizes = new ArrayList<>();
    for (int b = 1; b <= max; b *= 2) {
      sizes.add(b);
    }
    return sizes;
  }
}
