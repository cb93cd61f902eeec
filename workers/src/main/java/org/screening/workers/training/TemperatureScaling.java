package org.screening.workers.training;

import org.screening.workers.inference.Softmax;

/**
 * Fits the temperature of temperature scaling (Guo et al., 2017): the single T > 0 for which
 * softmax(logits / T) has the least negative log-likelihood on held-out data. One parameter
 * changes no prediction (the arg max of z / T is the arg max of z), only how sure each one
 * claims to be, so it cannot overfit the held-out split the way refitting the network would.
 */
public final class TemperatureScaling {

  /**
   * The search range. Below 0.01 or above 100 the held-out set is either separable or says
   * nothing; the bounds keep the fit finite there instead of running off to 0 or infinity.
   */
  static final double MIN_TEMPERATURE = 0.01;
  static final double MAX_TEMPERATURE = 100;
  private static final int ITERATIONS = 100;
  private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

  private TemperatureScaling() {}

  /**
   * The temperature minimising {@link #negativeLogLikelihood}. The NLL is convex in 1/T (a
   * log-sum-exp of terms linear in 1/T, minus a linear term), so it has one minimum along
   * log T too, and a golden-section search on log T finds it without derivatives; 100 steps
   * shrink the range by 0.618^100, far below any temperature that matters.
   *
   * @param logits one row per held-out sample
   * @param labels each sample's true class index
   */
  public static double fit(float[][] logits, int[] labels) {
    if (logits.length == 0 || logits.length != labels.length) {
      throw new IllegalArgumentException("Need as many labels as logit rows, and at least one; got "
          + logits.length + " rows and " + labels.length + " labels");
    }
    double lo = Math.log(MIN_TEMPERATURE);
    double hi = Math.log(MAX_TEMPERATURE);
    double a = hi - GOLDEN * (hi - lo);
    double b = lo + GOLDEN * (hi - lo);
    double fa = negativeLogLikelihood(logits, labels, Math.exp(a));
    double fb = negativeLogLikelihood(logits, labels, Math.exp(b));
    for (int i = 0; i < ITERATIONS; i++) {
      if (fa <= fb) {
        hi = b;
        b = a;
        fb = fa;
        a = hi - GOLDEN * (hi - lo);
        fa = negativeLogLikelihood(logits, labels, Math.exp(a));
      } else {
        lo = a;
        a = b;
        fa = fb;
        b = lo + GOLDEN * (hi - lo);
        fb = negativeLogLikelihood(logits, labels, Math.exp(b));
      }
    }
    return Math.exp((lo + hi) / 2);
  }

  /** Mean of -log softmax(z / T)[label]: what the fit minimises. */
  static double negativeLogLikelihood(float[][] logits, int[] labels, double temperature) {
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (float z : logits[i]) {
        max = Math.max(max, z / temperature);
      }
      double exp = 0;
      for (float z : logits[i]) {
        exp += Math.exp(z / temperature - max);
      }
      sum += max + Math.log(exp) - logits[i][labels[i]] / temperature;
    }
    return sum / logits.length;
  }

  /** softmax(z / T) of every row, for {@link CalibrationError}. */
  static double[][] probabilities(float[][] logits, double temperature) {
    double[][] p = new double[logits.length][];
    for (int i = 0; i < logits.length; i++) {
      double[] row = new double[logits[i].length];
      for (int c = 0; c < row.length; c++) {
        row[c] = logits[i][c];
      }
      p[i] = Softmax.of(row, temperature);
    }
    return p;
  }
}
