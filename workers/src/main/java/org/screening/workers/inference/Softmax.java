package org.screening.workers.inference;

/**
 * softmax(z / T): the one formula temperature scaling is fitted with at training time and applied
 * with at serving, kept in one place so the two cannot drift.
 */
public final class Softmax {

  private Softmax() {}

  /**
   * Probabilities from logits divided by {@code temperature}. The largest logit is subtracted
   * first so no exponential overflows; a logit of -infinity (the log of a probability that
   * underflowed to 0) gets probability 0.
   */
  public static double[] of(double[] logits, double temperature) {
    double max = Double.NEGATIVE_INFINITY;
    for (double z : logits) {
      max = Math.max(max, z);
    }
    double[] p = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      p[i] = Math.exp((logits[i] - max) / temperature);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }
}
