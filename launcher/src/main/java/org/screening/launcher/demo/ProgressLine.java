package org.screening.launcher.demo;

import java.io.PrintStream;

/**
 * The demo's live status, once a second: frames sent, results per second, latency percentiles,
 * frames in flight and dead letters. Redraws one line on a terminal, prints lines otherwise.
 */
final class ProgressLine {

  private final PrintStream out;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private long lastResults;
  private long lastNanos = start;

  ProgressLine(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  void print(ResultTracker.Snapshot s) {
    long now = System.nanoTime();
    long results = s.classified() + s.segmented();
    double rate = (results - lastResults) / ((now - lastNanos) / 1e9);
    lastResults = results;
    lastNanos = now;
    String line = String.format(
        "%5.0fs  sent %d  results/s %.1f  p50 %.0f ms  p99 %.0f ms  in flight %d  dead letters %d",
        (now - start) / 1e9, s.frames(), rate, s.p50Ms(), s.p99Ms(), s.inFlight(), s.deadLetters());
    if (terminal) {
      out.print("\r" + line + "   ");
    } else {
      out.println(line);
    }
    out.flush();
  }

  void finish() {
    if (terminal) {
      out.println();
    }
  }
}
