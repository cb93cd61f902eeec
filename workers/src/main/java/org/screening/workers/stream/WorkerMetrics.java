package org.screening.workers.stream;

import java.util.List;

/**
 * A snapshot of a worker's counters and gauges. Counts only, never ids.
 *
 * @param consumed frames taken from the frames topic (redeliveries count again)
 * @param results results acknowledged by the broker, reported drops included
 * @param deadLetters dead letters acknowledged by the broker
 * @param dropped LIVE frames reported as dropped (superseded or past their deadline)
 * @param queueDepth frames waiting in the models' batch queues now
 * @param inFlight frames consumed and not yet finished (what the water marks count)
 * @param assignedPartitions partitions this worker owns now
 * @param pausedPartitions of those, paused by back-pressure now
 * @param pauses times back-pressure paused partitions
 * @param rebalances partition assignments received (1 for a worker that never saw a rebalance)
 */
public record WorkerMetrics(long consumed, long results, long deadLetters, long dropped,
    int queueDepth, int inFlight, int assignedPartitions, int pausedPartitions, long pauses,
    long rebalances, List<ModelMetrics> models) {

  /** The line {@code screening worker} prints every few seconds. */
  public String statusLine() {
    return "consumed=" + consumed + " results=" + results + " dead_letters=" + deadLetters
        + " dropped=" + dropped + " queue=" + queueDepth + " in_flight=" + inFlight
        + " paused=" + pausedPartitions + "/" + assignedPartitions + " pauses=" + pauses
        + " rebalances=" + rebalances;
  }
}
