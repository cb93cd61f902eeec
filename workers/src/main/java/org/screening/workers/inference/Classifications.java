package org.screening.workers.inference;

import java.util.ArrayList;
import java.util.List;
import org.screening.schemas.v1.Classification;

/** A classifier's probability vector as a result's classification. */
public final class Classifications {

  private Classifications() {}

  public static Classification of(List<String> labels, float[] probabilities) {
    if (labels.size() != probabilities.length) {
      throw new IllegalArgumentException("The model has " + labels.size() + " labels but gave "
          + probabilities.length + " probabilities");
    }
    List<Float> boxed = new ArrayList<>(probabilities.length);
    for (float p : probabilities) {
      boxed.add(p);
    }
    int top = Predictions.argMax(probabilities);
    return Classification.newBuilder()
        .setLabels(List.copyOf(labels))
        .setProbabilities(boxed)
        .setTop1Label(labels.get(top))
        .setTop1Probability(probabilities[top])
        .setEntropy((float) entropy(probabilities))
        .build();
  }

  /**
   * The served probabilities with the model card's temperature applied: softmax(log(p) / T).
   * The SavedModel outputs p = softmax(z), not the logits z; log(p) = z - logsumexp(z) differs
   * from z by one constant per image, which softmax cancels, so this equals softmax(z / T)
   * exactly (up to float rounding). T = 1, a card without calibration, returns p untouched.
   */
  public static float[] calibrated(float[] probabilities, double temperature) {
    if (temperature == 1) {
      return probabilities;
    }
    double[] logs = new double[probabilities.length];
    for (int i = 0; i < logs.length; i++) {
      logs[i] = Math.log(probabilities[i]);
    }
    double[] scaled = Softmax.of(logs, temperature);
    float[] out = new float[scaled.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) scaled[i];
    }
    return out;
  }

  /**
   * The result's uncertainty: the entropy over its largest possible value, ln(number of labels),
   * so 0 is one-hot and 1 uniform whatever the number of labels, and one review threshold means
   * the same for a 2-class and a 7-class model. Clamped, as float probabilities may sum to a
   * little over 1; a one-label model is never unsure.
   */
  public static float uncertainty(float[] probabilities) {
    if (probabilities.length < 2) {
      return 0f;
    }
    return (float) Math.min(1, entropy(probabilities) / Math.log(probabilities.length));
  }

  /** Shannon entropy in nats; 0 log 0 counts as 0. */
  static double entropy(float[] probabilities) {
    double h = 0;
    for (float p : probabilities) {
      if (p > 0) {
        h -= p * Math.log(p);
      }
    }
    return h;
  }
}
