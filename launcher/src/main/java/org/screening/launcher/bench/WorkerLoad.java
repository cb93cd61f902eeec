package org.screening.launcher.bench;

/**
 * Poisson arrivals at a fraction of the worker's drained capacity, in rounds: the worker-added
 * latency (its poll to the end of the frame's batch, from the result's timings) and the send to
 * result-landed latency, each round's p50 and p99, as medians over rounds with their spread.
 */
public record WorkerLoad(double fractionOfCapacity, double offeredPerS, long frames,
    Rounds workerP50Ms, Rounds workerP99Ms, Rounds sendToResultP50Ms, Rounds sendToResultP99Ms) {}
