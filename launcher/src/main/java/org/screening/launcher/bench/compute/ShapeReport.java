package org.screening.launcher.bench.compute;

import java.util.List;

/**
 * One row of the report: the three variants' median step times side by side, the custom op's
 * speedup over the better composite, how close the custom op comes to streaming its minimum
 * traffic at copy speed, the rounds each median comes from and the interquartile range of each
 * median's samples ({@code iqr}), and the ops XLA left outside its clusters in forward+backward.
 * Field names become the JSON keys in snake case.
 */
public record ShapeReport(
    String shape,
    double customFwdMs,
    double compositeFwdMs,
    double xlaFwdMs,
    double bestCompositeFwdMs,
    double fwdSpeedup,
    double customFwdbwdMs,
    double compositeFwdbwdMs,
    double xlaFwdbwdMs,
    double bestCompositeFwdbwdMs,
    double fwdbwdSpeedup,
    double bandwidthEfficiency,
    double bandwidthEfficiencyFwdbwd,
    double maxAbsDiff,
    double customFwdGbps,
    double customFwdbwdGbps,
    boolean xlaCompiled,
    List<String> xlaUnclusteredOps,
    int fwdRounds,
    int fwdbwdRounds,
    Spread iqr) {

  public ShapeReport {
    xlaUnclusteredOps = List.copyOf(xlaUnclusteredOps);
  }

  /** Interquartile ranges, over the same rounds, of the medians of the same names. */
  public record Spread(
      double customFwdMs,
      double compositeFwdMs,
      double xlaFwdMs,
      double fwdSpeedup,
      double customFwdbwdMs,
      double compositeFwdbwdMs,
      double xlaFwdbwdMs,
      double fwdbwdSpeedup) {}

  /**
   * The speedups are medians over the rounds the variants shared (see {@link Timer}) of the
   * faster composite's step time over the custom op's, the faster composite being the one with
   * the lower median.
   */
  static ShapeReport of(KernelShape shape, VariantResult custom, VariantResult composite,
      VariantResult xla, double copyGbps) {
    Timing customFwd = custom.fwd();
    Timing customFwdbwd = custom.fwdbwd();
    Timing bestFwd = faster(composite.fwd(), xla.fwd());
    Timing bestFwdbwd = faster(composite.fwdbwd(), xla.fwdbwd());
    double fwdGbps = gbps(Measure.FWD.minimumBytes(shape), customFwd.medianMs());
    double fwdbwdGbps = gbps(Measure.FWDBWD.minimumBytes(shape), customFwdbwd.medianMs());
    return new ShapeReport(shape.label(),
        customFwd.medianMs(), composite.fwd().medianMs(), xla.fwd().medianMs(),
        bestFwd.medianMs(), bestFwd.medianRatioTo(customFwd),
        customFwdbwd.medianMs(), composite.fwdbwd().medianMs(), xla.fwdbwd().medianMs(),
        bestFwdbwd.medianMs(), bestFwdbwd.medianRatioTo(customFwdbwd),
        fwdGbps / copyGbps, fwdbwdGbps / copyGbps,
        Math.max(custom.maxAbsDiff(), Math.max(composite.maxAbsDiff(), xla.maxAbsDiff())),
        fwdGbps, fwdbwdGbps, xla.xlaCompiled(), xla.unclusteredOps(),
        customFwd.runs(), customFwdbwd.runs(),
        new Spread(customFwd.iqrMs(), composite.fwd().iqrMs(), xla.fwd().iqrMs(),
            bestFwd.ratioIqrTo(customFwd), customFwdbwd.iqrMs(), composite.fwdbwd().iqrMs(),
            xla.fwdbwd().iqrMs(), bestFwdbwd.ratioIqrTo(customFwdbwd)));
  }

  private static Timing faster(Timing a, Timing b) {
    return a.medianMs() <= b.medianMs() ? a : b;
  }

  private static double gbps(long bytes, double millis) {
    return bytes / (millis * 1e6);
  }
}
