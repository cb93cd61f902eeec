package org.screening.launcher.chaos;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What the pipeline gets through, measured by a closed loop over HTTP: a new frame whenever one
 * completes, {@code inFlight} of them at a time, as frames completed a second at the clients
 * over {@code window}, after {@code warmUp}. The latency of one frame is mostly fixed (producer
 * lingers, polls, batching), so the number in flight bounds the figure: the scenarios keep it at
 * the limit that bounds them.
 *
 * @param perSecond frames completed a second (at least 1)
 * @param shed frames refused with 429 while measuring (a closed loop at the limit gets none)
 */
record Capacity(double perSecond, long shed) {

  static Capacity measure(ChaosRun run, HttpDoor door, int inFlight, Duration warmUp,
      Duration window) throws InterruptedException {
    LongSupplier open = () -> door.pending() + run.ledger.inFlight();
    long shedBefore = run.ledger.shedCount();
    run.load.keepInFlight(inFlight, warmUp, open, door::send);
    long completedBefore = run.ledger.completed();
    run.load.keepInFlight(inFlight, window, open, door::send);
    double perSecond = Math.max(1,
        (run.ledger.completed() - completedBefore) / (window.toNanos() / 1e9));
    return new Capacity(perSecond, run.ledger.shedCount() - shedBefore);
  }
}
