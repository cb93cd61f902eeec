package org.screening.launcher.chaos;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A worker's status line ({@code WorkerMetrics.statusLine()}), read from its output. */
record WorkerStatus(long consumed, long results, int inFlight, int paused, int assigned,
    long pauses, long rebalances) {

  private static final Pattern LINE = Pattern.compile("consumed=(\\d+) results=(\\d+) .*"
      + "in_flight=(\\d+) paused=(\\d+)/(\\d+) pauses=(\\d+) rebalances=(\\d+)");

  /** The worker's latest status, or an all-zero one before its first line. */
  static WorkerStatus of(ChildProcess worker) {
    Matcher m = worker.lastLine(LINE);
    if (m == null) {
      return new WorkerStatus(0, 0, 0, 0, 0, 0, 0);
    }
    return new WorkerStatus(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
        Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
        Long.parseLong(m.group(6)), Long.parseLong(m.group(7)));
  }
}
