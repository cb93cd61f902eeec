package org.screening.launcher.send;

import java.io.PrintStream;

/**
 * A progress bar for {@code send}: redrawn in place on a terminal, a line every tenth otherwise,
 * so logs stay short.
 */
final class Progress {

  private static final int WIDTH = 30;

  private final PrintStream out;
  private final boolean terminal;
  private final String unit;
  private final long total;
  private final long start = System.nanoTime();
  private long lastDecile = -1;

  /** @param total items expected, or -1 when unknown (a live source) */
  Progress(PrintStream out, boolean terminal, String unit, long total) {
    this.out = out;
    this.terminal = terminal;
    this.unit = unit;
    this.total = total;
  }

  void update(long done) {
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    String bar;
    if (total > 0) {
      int filled = (int) (WIDTH * done / total);
      bar = String.format("[%s%s] %d/%d %s  %.1f/s", "#".repeat(filled),
          " ".repeat(WIDTH - filled), done, total, unit, rate);
    } else {
      bar = String.format("%d %s  %.1f/s", done, unit, rate);
    }
    if (terminal) {
      out.print("\r" + bar);
      out.flush();
      return;
    }
    long decile = total > 0 ? 10 * done / total : done / 100;
    if (decile != lastDecile) {
      lastDecile = decile;
      out.println(bar);
    }
  }

  void finish() {
    if (terminal) {
      out.println();
    }
  }

  /** Makes the bar for one run once its total is known. */
  interface Factory {
    Progress create(String unit, long total);
  }

  double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }
}
