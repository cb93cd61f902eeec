package org.screening.workers.training;

import java.util.Random;
import org.screening.workers.inference.Softmax;

/**
 * Logits with labels drawn from softmax(logits / T): a classifier whose calibrated temperature
 * is known to be T. Seeded, so every run sees the same samples.
 */
record SyntheticLogits(float[][] logits, int[] labels) {

  static SyntheticLogits sample(int samples, int classes, double temperature, long seed) {
    Random random = new Random(seed);
    float[][] logits = new float[samples][classes];
    int[] labels = new int[samples];
    for (int i = 0; i < samples; i++) {
      double[] row = new double[classes];
      for (int c = 0; c < classes; c++) {
        row[c] = 3 * random.nextGaussian();
        logits[i][c] = (float) row[c];
      }
      double[] p = Softmax.of(row, temperature);
      double u = random.nextDouble();
      int label = 0;
      for (double cumulative = p[0]; cumulative < u && label < classes - 1; ) {
        cumulative += p[++label];
      }
      labels[i] = label;
    }
    return new SyntheticLogits(logits, labels);
  }
}
