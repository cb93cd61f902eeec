package org.screening.workers.inference;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a batch and, when the session fails, tells the frames' faults from the system's.
 *
 * <p>A failed batch is split in halves until the frames that fail alone are found; every other
 * frame still gets its outputs. A batch of n with one poison frame costs about 2 log2(n) extra
 * runs. Sub-batches get ids {@code <batch>.0}, {@code <batch>.1}, ..., so a result shows it was
 * bisected. A frame that fails alone is not yet condemned: the model then runs a known-good
 * input (a mid-grey image). If that fails too, the fault is the system's (a closed session, a
 * device error, memory), and every such frame is to be run again later ({@link Retry}); if it
 * passes, the frame runs alone once more, and only a second failure makes it a {@link Failure}.
 * Where the model estimates uncertainty over flips, every run holds each frame's views.
 */
public final class BisectingRunner {

  /** The known-good input's value in every channel of every pixel. */
  static final float PROBE_VALUE = 0.5f;

  private final InferenceStep step;

  public BisectingRunner(InferenceStep step) {
    this.step = step;
  }

  /** What became of one input. */
  public sealed interface Outcome permits Success, Failure, Retry {
    String batchId();
  }

  /**
   * @param outputs this input's slice of every output
   * @param batchSize frames in the run that produced it
   * @param inferenceMs duration of that run
   */
  public record Success(Map<String, float[]> outputs, String batchId, int batchSize,
      double inferenceMs) implements Outcome {}

  /** The input failed alone, twice, while the model answered a known-good input. */
  public record Failure(Exception cause, String batchId) implements Outcome {}

  /** The model failed a known-good input as well: not this input's fault; run it again later. */
  public record Retry(Exception cause, String batchId) implements Outcome {}

  /**
   * @param inputs preprocessed images, each height*width*3 floats of {@code model}'s input
   * @param explain whether every run also fetches the heat maps (a frame of the batch asks)
   * @return one outcome per input, in order
   */
  public List<Outcome> run(ServedModel model, List<float[]> inputs, String batchId,
      boolean explain) {
    Outcome[] out = new Outcome[inputs.size()];
    bisect(model, inputs, 0, inputs.size(), batchId, explain, out);
    Exception systemFault = null;
    boolean probed = false;
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof Failure alone) {
        if (!probed) {
          systemFault = probe(model, inputs.get(i).length);
          probed = true;
        }
        out[i] = systemFault != null ? new Retry(systemFault, alone.batchId())
            : runAlone(model, inputs.get(i), alone.batchId() + ".again", explain);
      }
    }
    return List.of(out);
  }

  private void bisect(ServedModel model, List<float[]> inputs, int from, int to, String batchId,
      boolean explain, Outcome[] out) {
    int count = to - from;
    long start = System.nanoTime();
    Map<String, float[]> outputs;
    try {
      outputs = step.run(model.loaded(), views(model, concat(inputs, from, to), count),
          count * model.uncertainty().views(), explain);
    } catch (Exception e) {
      if (count == 1) {
        out[from] = new Failure(e, batchId);
        return;
      }
      int middle = from + count / 2;
      bisect(model, inputs, from, middle, batchId + ".0", explain, out);
      bisect(model, inputs, middle, to, batchId + ".1", explain, out);
      return;
    }
    double ms = (System.nanoTime() - start) / 1e6;
    for (int i = 0; i < count; i++) {
      out[from + i] = new Success(slice(outputs, i, count), batchId, count, ms);
    }
  }

  /** Null when the model answers a known-good input of {@code floats} values; else its error. */
  private Exception probe(ServedModel model, int floats) {
    float[] grey = new float[floats];
    Arrays.fill(grey, PROBE_VALUE);
    try {
      step.run(model.loaded(), grey, 1);
      return null;
    } catch (Exception e) {
      return e;
    }
  }

  private Outcome runAlone(ServedModel model, float[] input, String batchId, boolean explain) {
    Outcome[] out = new Outcome[1];
    bisect(model, List.of(input), 0, 1, batchId, explain, out);
    return out[0];
  }

  /**
   * The batch as the session runs it: with each frame's flips beside it where the model's
   * uncertainty is estimated over them, so the slice {@link #slice} gives a frame holds its views.
   */
  private static float[] views(ServedModel model, float[] images, int count) {
    int views = model.uncertainty().views();
    return views == 1 ? images : FlipViews.of(images, count, views, model.inputHeight(),
        model.inputWidth(), 3);
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
