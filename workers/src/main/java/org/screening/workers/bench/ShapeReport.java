package org.screening.workers.bench;

/**
 * One row of the report: the three variants side by side, the custom op's speedup over the better
 * composite, and how close the custom op comes to streaming its minimum traffic at copy speed.
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
    boolean xlaCompiled) {

  static ShapeReport of(KernelShape shape, VariantResult custom, VariantResult composite,
      VariantResult xla, double copyGbps) {
    double bestFwd = Math.min(composite.fwdMs(), xla.fwdMs());
    double bestFwdbwd = Math.min(composite.fwdbwdMs(), xla.fwdbwdMs());
    double fwdGbps = gbps(Measure.FWD.minimumBytes(shape), custom.fwdMs());
    double fwdbwdGbps = gbps(Measure.FWDBWD.minimumBytes(shape), custom.fwdbwdMs());
    return new ShapeReport(shape.label(),
        custom.fwdMs(), composite.fwdMs(), xla.fwdMs(), bestFwd, bestFwd / custom.fwdMs(),
        custom.fwdbwdMs(), composite.fwdbwdMs(), xla.fwdbwdMs(), bestFwdbwd,
        bestFwdbwd / custom.fwdbwdMs(),
        fwdGbps / copyGbps, fwdbwdGbps / copyGbps,
        Math.max(custom.maxAbsDiff(), Math.max(composite.maxAbsDiff(), xla.maxAbsDiff())),
        fwdGbps, fwdbwdGbps, xla.xlaCompiled());
  }

  private static double gbps(long bytes, double millis) {
    return bytes / (millis * 1e6);
  }
}
