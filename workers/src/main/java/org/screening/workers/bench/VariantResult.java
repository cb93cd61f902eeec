package org.screening.workers.bench;

/**
 * One variant measured on one shape: median step times, whether every measure executed an
 * XLA-compiled cluster, and its largest difference from the custom op's outputs. Also what the
 * XLA child JVM sends back, as JSON.
 */
record VariantResult(
    Variant variant,
    String shape,
    double fwdMs,
    double fwdbwdMs,
    boolean xlaCompiled,
    double maxAbsDiff) {}
