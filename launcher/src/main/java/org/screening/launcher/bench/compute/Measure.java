package org.screening.launcher.bench.compute;

/** What one timed step computes. */
enum Measure {
  /** y = Involution(x, kernel): inference. */
  FWD,
  /** loss = sum(y * w) with d loss/dx and d loss/dkernel: one training step of the layer. */
  FWDBWD;

  /**
   * The fewest bytes any implementation must move: every input read once and every output written
   * once. The loss and its broadcast gradient dy = w are counted as one read of dy, the same for
   * every variant.
   */
  long minimumBytes(KernelShape shape) {
    long x = shape.xElements();
    long kernel = shape.kernelElements();
    long forward = x + kernel + x;
    long backward = x + kernel + x + x + kernel;
    return Float.BYTES * (this == FWD ? forward : forward + backward);
  }
}
