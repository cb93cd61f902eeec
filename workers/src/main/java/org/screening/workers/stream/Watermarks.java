package org.screening.workers.stream;

/**
 * Hysteresis between pausing and resuming: pause at the high-water mark, resume only at the
 * low-water mark, so a worker hovering near one level does not flap its partitions.
 */
final class Watermarks {

  enum Change { PAUSE, RESUME, NONE }

  private final int high;
  private final int low;
  private boolean paused;

  Watermarks(int high, int low) {
    this.high = high;
    this.low = low;
  }

  Change update(int inMemory) {
    if (!paused && inMemory >= high) {
      paused = true;
      return Change.PAUSE;
    }
    if (paused && inMemory <= low) {
      paused = false;
      return Change.RESUME;
    }
    return Change.NONE;
  }

  boolean paused() {
    return paused;
  }
}
