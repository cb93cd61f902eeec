package org.screening.workers.bench;

import java.util.Arrays;

/** The wall-clock times of the timed (post warm-up) steps of one measurement. */
record Timing(double[] millis) {

  Timing {
    if (millis.length == 0) {
      throw new IllegalArgumentException("A timing needs at least one sample");
    }
    millis = millis.clone();
  }

  /** The median: robust to the odd step that loses its core to other work on a shared machine. */
  double medianMs() {
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  int runs() {
    return millis.length;
  }
}
