package org.screening.launcher.bench;

/** One open-loop run: Poisson arrivals at a fraction of the saturated throughput. */
public record LoadLevel(double fractionOfSaturation, double offeredPerS, double completedPerS,
    LatencySummary latency, StageSplit stages) {}
