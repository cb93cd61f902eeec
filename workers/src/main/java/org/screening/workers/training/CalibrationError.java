package org.screening.workers.training;

/**
 * Expected calibration error (Naeini et al., 2015; as in Guo et al., 2017): predictions are put
 * in equal-width bins by their confidence (top probability); ECE is the mean over bins of
 * |accuracy - mean confidence|, each bin weighted by its share of the samples. 0 means that
 * among predictions made with confidence c, a fraction c is right.
 */
public final class CalibrationError {

  /** The usual number of bins in the literature, so figures compare with published ones. */
  public static final int BINS = 15;

  private CalibrationError() {}

  /**
   * @param probabilities one row per sample, summing to 1
   * @param labels each sample's true class index
   */
  public static double expected(double[][] probabilities, int[] labels) {
    if (probabilities.length == 0 || probabilities.length != labels.length) {
      throw new IllegalArgumentException("Need as many labels as probability rows, and at least "
          + "one; got " + probabilities.length + " rows and " + labels.length + " labels");
    }
    double[] confidence = new double[BINS];
    int[] correct = new int[BINS];
    int[] count = new int[BINS];
    for (int i = 0; i < probabilities.length; i++) {
      int top = 0;
      for (int c = 1; c < probabilities[i].length; c++) {
        if (probabilities[i][c] > probabilities[i][top]) {
          top = c;
        }
      }
      double p = probabilities[i][top];
      // Bins are (m-1)/B < p <= m/B; a confidence is never 0 (it is at least 1/classes).
      int bin = Math.min(BINS - 1, Math.max(0, (int) Math.ceil(p * BINS) - 1));
      confidence[bin] += p;
      correct[bin] += top == labels[i] ? 1 : 0;
      count[bin]++;
    }
    double ece = 0;
    for (int b = 0; b < BINS; b++) {
      if (count[b] > 0) {
        ece += Math.abs(correct[b] - confidence[b]) / probabilities.length;
      }
    }
    return ece;
  }
}
