package org.screening.launcher.bench.compute;

/** One batch size of a bare-session measurement: median time per batch and what it implies. */
public record BatchThroughput(int batch, double imagesPerS, double msPerBatch, int runs) {

  static BatchThroughput of(int batch, Timing timing) {
    double ms = timing.medianMs();
    return new BatchThroughput(batch, batch * 1000 / ms, ms, timing.runs());
  }
}
