package org.screening.launcher.bench.compute;

import java.util.List;

/**
 * One variant measured on one shape: its per-round step times (the variants of a shape share
 * rounds, see {@link Timer}), whether every measure executed an XLA-compiled cluster, the op
 * types its forward+backward step executed outside any cluster (for the XLA variant: what XLA
 * left out), and its largest difference from the custom op's outputs. Also what the XLA child
 * JVM sends back, as JSON.
 */
record VariantResult(
    Variant variant,
    String shape,
    double[] fwdRoundsMs,
    double[] fwdbwdRoundsMs,
    boolean xlaCompiled,
    List<String> unclusteredOps,
    double maxAbsDiff) {

  VariantResult {
    unclusteredOps = List.copyOf(unclusteredOps);
  }

  Timing fwd() {
    return new Timing(fwdRoundsMs);
  }

  Timing fwdbwd() {
    return new Timing(fwdbwdRoundsMs);
  }
}
