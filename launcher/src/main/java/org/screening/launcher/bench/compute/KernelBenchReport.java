package org.screening.launcher.bench.compute;

import java.util.List;

/** The whole run: one row per shape plus what it ran on, so numbers can be compared later. */
public record KernelBenchReport(
    List<ShapeReport> shapes,
    double copyBandwidthGbps,
    int cores,
    String jvm,
    String tensorflow,
    String opLibrarySha256,
    String cpu,
    String xlaMode) {

  public KernelBenchReport {
    shapes = List.copyOf(shapes);
  }

  /** Shapes whose custom op disagrees with a composite by more than the tolerance (or is NaN). */
  public List<String> correctnessFailures(double tolerance) {
    return shapes.stream()
        .filter(s -> !(s.maxAbsDiff() <= tolerance))
        .map(s -> s.shape() + ": max abs diff " + s.maxAbsDiff())
        .toList();
  }

  /** Shapes where the XLA composite ran without an XLA-compiled cluster. */
  public List<String> xlaNotCompiled() {
    return shapes.stream().filter(s -> !s.xlaCompiled()).map(ShapeReport::shape).toList();
  }
}
