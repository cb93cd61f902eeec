package org.screening.launcher.bench.compute;

import java.io.PrintWriter;
import java.util.List;
import org.screening.workers.involution.InvolutionLibrary;
import org.tensorflow.TensorFlow;

/**
 * The involution kernel benchmark: the custom op against the standard-op composite, with and
 * without XLA, forward and forward+backward, on each shape, plus a copy-bandwidth yardstick. The
 * variants are timed side by side, in this JVM when it was started with the XLA CPU flag,
 * otherwise in a child JVM that has it.
 */
public final class KernelBench {

  /** Largest difference from the composite the custom op may show before the bench fails. */
  public static final double TOLERANCE = 1e-4;

  /**
   * What to run: shapes, timed rounds per measurement, time budget per variant and measurement,
   * probe size.
   */
  public record Settings(List<KernelShape> shapes, int repeats, long budgetMillis, int copyMib) {
    public Settings {
      shapes = List.copyOf(shapes);
      if (shapes.isEmpty() || repeats < 1 || budgetMillis < 0 || copyMib < 1) {
        throw new IllegalArgumentException("Need at least one shape, repeats >= 1, budget >= 0 "
            + "and copy size >= 1 MiB, got " + shapes + ", " + repeats + ", " + budgetMillis
            + " ms, " + copyMib + " MiB");
      }
    }
  }

  private final Settings settings;
  private final PrintWriter log;

  public KernelBench(Settings settings, PrintWriter log) {
    this.settings = settings;
    this.log = log;
  }

  public KernelBenchReport run() {
    InvolutionLibrary library = InvolutionLibrary.load();
    int cores = Runtime.getRuntime().availableProcessors();
    log.printf("Copy bandwidth: 2 x %d MiB, %d threads...%n", settings.copyMib(), cores);
    log.flush();
    double copyGbps = CopyBandwidthProbe.measureGbps((long) settings.copyMib() << 20, cores);
    log.printf("  %.2f GB/s%n", copyGbps);

    // All variants run in one JVM, started with the XLA CPU flag, so that they can be timed side
    // by side; the flag leaves the sessions that do not ask for XLA alone (checked in ShapeBench).
    boolean xlaHere = XlaJit.enabledInThisJvm();
    List<VariantResult> results;
    if (xlaHere) {
      results = measure(settings, log);
    } else {
      log.printf("Variants in a child JVM (%s=%s)...%n", XlaJit.ENV, XlaJit.CPU_FLAG);
      log.flush();
      results = XlaChildJvm.run(settings);
    }

    List<ShapeReport> rows = settings.shapes().stream()
        .map(shape -> ShapeReport.of(shape, find(results, shape, Variant.CUSTOM),
            find(results, shape, Variant.COMPOSITE), find(results, shape, Variant.XLA_COMPOSITE),
            copyGbps))
        .toList();
    String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version");
    return new KernelBenchReport(rows, copyGbps, cores, jvm, TensorFlow.version(),
        library.sha256(), Machine.cpuModel(), xlaHere ? "in-process" : "child JVM");
  }

  /** Every variant on every shape, in a JVM with the XLA CPU flag; what the child JVM runs. */
  static List<VariantResult> measure(Settings settings, PrintWriter log) {
    ShapeBench bench = new ShapeBench(new Timer(settings.repeats(), settings.budgetMillis()), log);
    List<Variant> variants = List.of(Variant.values());
    return settings.shapes().stream().flatMap(s -> bench.run(s, variants).stream()).toList();
  }

  private static VariantResult find(List<VariantResult> results, KernelShape shape, Variant v) {
    return results.stream()
        .filter(r -> r.variant() == v && r.shape().equals(shape.label()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("No " + v + " result for " + shape));
  }
}
