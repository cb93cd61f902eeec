package org.screening.workers.inference;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a batch and, when the session fails, splits it in halves until the frames that fail
 * alone are found: they fail, every other frame still gets its outputs. A batch of n with one
 * poison frame costs about 2 log2(n) extra runs. Sub-batches get ids {@code <batch>.0},
 * {@code <batch>.1}, ..., so a result shows it was bisected.
 */
public final class BisectingRunner {

  private final InferenceStep step;

  public BisectingRunner(InferenceStep step) {
    this.step = step;
  }

  /** What became of one input. */
  public sealed interface Outcome permits Success, Failure {
    String batchId();
  }

  /**
   * @param outputs this input's slice of every output
   * @param batchSize frames in the run that produced it
   * @param inferenceMs duration of that run
   */
  public record Success(Map<String, float[]> outputs, String batchId, int batchSize,
      double inferenceMs) implements Outcome {}

  /** The input failed on its own; {@code cause} is the session's error. */
  public record Failure(Exception cause, String batchId) implements Outcome {}

  /**
   * @param inputs preprocessed images, each height*width*3 floats of {@code model}'s input
   * @return one outcome per input, in order
   */
  public List<Outcome> run(ServedModel model, List<float[]> inputs, String batchId) {
    Outcome[] out = new Outcome[inputs.size()];
    run(model, inputs, 0, inputs.size(), batchId, out);
    return List.of(out);
  }

  private void run(ServedModel model, List<float[]> inputs, int from, int to, String batchId,
      Outcome[] out) {
    int count = to - from;
    long start = System.nanoTime();
    Map<String, float[]> outputs;
    try {
      outputs = step.run(model.loaded(), concat(inputs, from, to), count);
    } catch (Exception e) {
      if (count == 1) {
        out[from] = new Failure(e, batchId);
        return;
      }
      int middle = from + count / 2;
      run(model, inputs, from, middle, batchId + ".0", out);
      run(model, inputs, middle, to, batchId + ".1", out);
      return;
    }
    double ms = (System.nanoTime() - start) / 1e6;
    for (int i = 0; i < count; i++) {
      out[from + i] = new Success(slice(outputs, i, count), batchId, count, ms);
    }
  }

  private static float[] concat(List<float[]> inputs, int from, int to) {
    int each = inputs.get(from).length;
    float[] images = new float[each * (to - from)];
    for (int i = from; i < to; i++) {
      System.arraycopy(inputs.get(i), 0, images, (i - from) * each, each);
    }
    return images;
  }

  private static Map<String, float[]> slice(Map<String, float[]> outputs, int index, int count) {
    Map<String, float[]> out = new LinkedHashMap<>();
    outputs.forEach((name, values) -> {
      int each = values.length / count;
      out.put(name, Arrays.copyOfRange(values, index * each, (index + 1) * each));
    });
    return out;
  }
}
