package org.screening.launcher.bench.compute;

/** What a variant computed from the shared inputs: y, d loss/dx and d loss/dkernel. */
record Outputs(float[] y, float[] dx, float[] dkernel) {

  /** The largest absolute difference over all three tensors; NaN if either side has one. */
  double maxAbsDiff(Outputs other) {
    return Math.max(maxAbsDiff(y, other.y, "y"),
        Math.max(maxAbsDiff(dx, other.dx, "dx"), maxAbsDiff(dkernel, other.dkernel, "dkernel")));
  }

  private static double maxAbsDiff(float[] a, float[] b, String name) {
    if (a.length != b.length) {
      throw new IllegalStateException(
          name + " has " + a.length + " elements in one variant and " + b.length + " in another");
    }
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      double diff = Math.abs((double) a[i] - b[i]);
      if (Double.isNaN(diff)) {
        return Double.NaN;
      }
      max = Math.max(max, diff);
    }
    return max;
  }
}
