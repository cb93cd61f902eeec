package org.screening.workers.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Measures a list of variants on one shape, on one set of inputs, and checks each against the
 * custom op's outputs (the custom op is always built, as the reference, even when not timed).
 */
final class ShapeBench {

  private final Timer timer;
  private final PrintWriter log;

  ShapeBench(Timer timer, PrintWriter log) {
    this.timer = timer;
    this.log = log;
  }

  List<VariantResult> run(KernelShape shape, List<Variant> variants) {
    List<VariantResult> results = new ArrayList<>();
    try (BenchTensors inputs = BenchTensors.random(shape);
        VariantRunner reference = new VariantRunner(Variant.CUSTOM, shape, inputs)) {
      Outputs expected = reference.outputs();
      for (Variant variant : variants) {
        if (variant == Variant.CUSTOM) {
          results.add(measure(shape, variant, reference, expected));
        } else {
          try (VariantRunner runner = new VariantRunner(variant, shape, inputs)) {
            results.add(measure(shape, variant, runner, expected));
          }
        }
      }
    }
    return results;
  }

  private VariantResult measure(
      KernelShape shape, Variant variant, VariantRunner runner, Outputs expected) {
    double maxAbsDiff = runner.outputs().maxAbsDiff(expected);
    Map<Measure, Timing> timings = new EnumMap<>(Measure.class);
    boolean xlaCompiled = true;
    for (Measure measure : Measure.values()) {
      log.printf("  %-22s %-14s %-6s ", shape.label(), variant.title(), measure);
      log.flush();
      Timing timing = timer.time(() -> runner.step(measure));
      timings.put(measure, timing);
      xlaCompiled &= runner.executedOpTypes(measure).contains(XlaJit.RUN_OP);
      log.printf("%10.3f ms (median of %d)%n", timing.medianMs(), timing.runs());
      log.flush();
    }
    return new VariantResult(variant, shape.label(), timings.get(Measure.FWD).medianMs(),
        timings.get(Measure.FWDBWD).medianMs(), xlaCompiled, maxAbsDiff);
  }
}
