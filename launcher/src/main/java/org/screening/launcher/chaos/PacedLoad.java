package org.screening.launcher.chaos;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.screening.schemas.v1.Frame;

/**
 * Load from the run's frames. Open loop ({@link #run}): frames at a fixed rate, each due at its
 * own time counted from the start, so a slow send does not lower the offered rate (a scanner
 * does not wait for the pipeline either). Closed loop ({@link #keepInFlight}): a new frame as
 * soon as one completes, which measures what the pipeline takes without swamping the machine.
 */
final class PacedLoad {

  private final FrameSource frames;

  PacedLoad(FrameSource frames) {
    this.frames = frames;
  }

  /** Offers {@code perSecond} frames a second for {@code duration} to {@code door}. */
  void run(double perSecond, Duration duration, Consumer<Frame> door) throws InterruptedException {
    long start = System.nanoTime();
    long count = (long) (perSecond * duration.toNanos() / 1e9);
    for (long i = 0; i < count; i++) {
      long wait = start + (long) (i * 1e9 / perSecond) - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      door.accept(frames.next());
    }
  }

  /** As {@link #run}, on a thread of its own, so the scenario can inject its fault meanwhile. */
  Thread start(double perSecond, Duration duration, Consumer<Frame> door) {
    Thread thread = new Thread(() -> {
      try {
        run(perSecond, duration, door);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "chaos-load");
    thread.start();
    return thread;
  }

  /**
   * Sends to {@code door} whenever fewer than {@code count} frames are in flight (as {@code inFlight}
   * counts them: sent and not yet complete) until {@code duration} has passed.
   */
  void keepInFlight(int count, Duration duration, LongSupplier inFlight, Consumer<Frame> door)
      throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      if (inFlight.getAsLong() < count) {
        door.accept(frames.next());
      } else {
        Thread.sleep(2);
      }
    }
  }
}
