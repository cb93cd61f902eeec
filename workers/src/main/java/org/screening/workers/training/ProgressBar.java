package org.screening.workers.training;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Training progress: epoch, step, running loss, images per second and time left. Redraws one
 * line on a terminal; on a pipe (CI, logs) prints one line per epoch instead of a flood.
 */
final class ProgressBar {

  private static final int WIDTH = 24;

  private final PrintStream out;
  private final boolean terminal;
  private final int epochs;
  private final int stepsPerEpoch;
  private final long start = System.nanoTime();
  private long images;

  ProgressBar(PrintStream out, boolean terminal, int epochs, int stepsPerEpoch) {
    this.out = out;
    this.terminal = terminal;
    this.epochs = epochs;
    this.stepsPerEpoch = stepsPerEpoch;
  }

  void step(int epoch, int step, int batchImages, double meanLoss) {
    images += batchImages;
    boolean epochDone = step == stepsPerEpoch;
    if (!terminal && !epochDone) {
      return;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long done = (long) (epoch - 1) * stepsPerEpoch + step;
    long total = (long) epochs * stepsPerEpoch;
    long etaSeconds = Math.round(seconds / done * (total - done));
    int filled = (int) (WIDTH * step / stepsPerEpoch);
    String line = String.format("epoch %d/%d [%s%s] step %d/%d loss %.4f %.1f img/s ETA %s",
        epoch, epochs, "=".repeat(filled), " ".repeat(WIDTH - filled), step, stepsPerEpoch,
        meanLoss, images / Math.max(seconds, 1e-9), format(Duration.ofSeconds(etaSeconds)));
    if (terminal) {
      out.print("\r" + line + (epochDone ? "\n" : ""));
    } else {
      out.println(line);
    }
    out.flush();
  }

  private static String format(Duration d) {
    return String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
  }
}
