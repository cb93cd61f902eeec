package org.screening.launcher.bench;

/**
 * One payload through the transport: the saturated rate, end to end, and the produce-to-consume
 * latency of a paced run at half that rate (at saturation latency only measures the producer's
 * buffer).
 */
public record TransportResult(String payload, int meanMessageBytes, long messages,
    double messagesPerS, double mbPerS, double pacedRatePerS, LatencySummary latency) {}
