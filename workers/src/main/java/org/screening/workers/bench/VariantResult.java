package org.screening.workers.bench;

/**
 * One variant measured on one shape: its per-round step times (the variants of a shape share
 * rounds, see {@link Timer}), whether every measure executed an XLA-compiled cluster, and its
 * largest difference from the custom op's outputs. Also what the XLA child JVM sends back, as
 * JSON.
 */
record VariantResult(
    Variant variant,
    String shape,
    double[] fwdRoundsMs,
    double[] fwdbwdRoundsMs,
    boolean xlaCompiled,
    double maxAbsDiff) {

  Timing fwd() {
    return new Timing(fwdRoundsMs);
  }

  Timing fwdbwd() {
    return new Timing(fwdbwdRoundsMs);
  }
}
