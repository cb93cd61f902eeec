package org.screening.launcher.bench.compute;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Measures a list of variants side by side on one shape, on one set of inputs, and checks each
 * against the custom op's outputs (the custom op is always built, as the reference, even when not
 * timed).
 */
final class ShapeBench {

  private final Timer timer;
  private final PrintWriter log;

  ShapeBench(Timer timer, PrintWriter log) {
    this.timer = timer;
    this.log = log;
  }

  List<VariantResult> run(KernelShape shape, List<Variant> variants) {
    List<VariantRunner> runners = new ArrayList<>();
    try (BenchTensors inputs = BenchTensors.random(shape)) {
      try {
        runners.add(new VariantRunner(Variant.CUSTOM, shape, inputs));
        for (Variant variant : variants) {
          if (variant != Variant.CUSTOM) {
            runners.add(new VariantRunner(variant, shape, inputs));
          }
        }
        return measure(shape, variants, runners);
      } finally {
        runners.forEach(VariantRunner::close);
      }
    }
  }

  private List<VariantResult> measure(
      KernelShape shape, List<Variant> variants, List<VariantRunner> runners) {
    Outputs expected = runners.get(0).outputs();
    List<VariantRunner> timed = runners.stream()
        .filter(r -> variants.contains(r.variant()))
        .toList();
    Map<Measure, List<Timing>> timings = new EnumMap<>(Measure.class);
    for (Measure measure : Measure.values()) {
      log.printf("  %-22s %-6s ", shape.label(), measure);
      log.flush();
      List<Timing> t = timer.time(
          timed.stream().<Runnable>map(r -> () -> r.step(measure)).toList());
      timings.put(measure, t);
      for (int i = 0; i < timed.size(); i++) {
        log.printf(" %s %.3f ms", timed.get(i).variant().title(), t.get(i).medianMs());
      }
      log.printf(" (medians of %d rounds)%n", t.get(0).runs());
      log.flush();
    }
    List<VariantResult> results = new ArrayList<>();
    for (int i = 0; i < timed.size(); i++) {
      VariantRunner runner = timed.get(i);
      results.add(new VariantResult(runner.variant(), shape.label(),
          timings.get(Measure.FWD).get(i).millis(), timings.get(Measure.FWDBWD).get(i).millis(),
          xlaCompiled(runner), unclusteredOps(runner), runner.outputs().maxAbsDiff(expected)));
    }
    return results;
  }

  /**
   * The compute the forward+backward step ran outside XLA clusters: for the XLA composite, the
   * ops XLA did not take (empty when it compiled the whole step, backward included).
   */
  private static List<String> unclusteredOps(VariantRunner runner) {
    return runner.executedOpTypes(Measure.FWDBWD).stream()
        .filter(type -> !XlaJit.PLUMBING_OPS.contains(type))
        .toList();
  }

  /**
   * Whether every measure executed an XLA cluster. The variants share a JVM started with the XLA
   * CPU flag, which must leave the sessions that do not ask for XLA alone: one that ran a cluster
   * would time XLA under another name.
   */
  private static boolean xlaCompiled(VariantRunner runner) {
    boolean all = true;
    for (Measure measure : Measure.values()) {
      boolean compiled = runner.executedOpTypes(measure).contains(XlaJit.RUN_OP);
      if (compiled && runner.variant() != Variant.XLA_COMPOSITE) {
        throw new IllegalStateException(runner.variant().title() + " executed an XLA cluster ("
            + XlaJit.RUN_OP + ") for " + measure + "; only the XLA composite may");
      }
      all &= compiled;
    }
    return all;
  }
}
