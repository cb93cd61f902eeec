package org.screening.workers.training;

import java.util.Arrays;
import java.util.List;
import org.screening.workers.data.Sample;
import org.screening.workers.export.SavedModelExporter;
import org.screening.workers.inference.LoadedModel;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * The logits inside an exported classifier, for calibrating a model that was trained before its
 * card could hold a temperature. The serving signature returns only softmax probabilities, and
 * log(p) loses the logits where p underflows to 0 in float32; a confidently wrong held-out image
 * then has an infinite NLL at every temperature. So this reads the softmax's input from the graph
 * ({@code probabilities} is an Identity of a Softmax, as {@link SavedModelExporter} builds it).
 */
public final class ExportedLogits {

  private static final int BATCH = 32;

  private ExportedLogits() {}

  /** One row of logits per sample, in order. */
  public static float[][] of(LoadedModel model, List<Sample> samples) {
    Operand<TFloat32> logits = logitsOf(model);
    int h = model.info().input().height();
    int w = model.info().input().width();
    int classes = model.info().labels().size();
    float[][] rows = new float[samples.size()][];
    for (int from = 0; from < samples.size(); from += BATCH) {
      List<Sample> chunk = samples.subList(from, Math.min(samples.size(), from + BATCH));
      float[] out = new float[chunk.size() * classes];
      try (Batch batch = Batch.of(chunk, h, w, false);
          Result result = model.bundle().session().runner()
              .feed(SavedModelExporter.INPUT, batch.images()).fetch(logits).run()) {
        ((TFloat32) result.get(0)).copyTo(DataBuffers.of(out));
      }
      for (int i = 0; i < chunk.size(); i++) {
        rows[from + i] = Arrays.copyOfRange(out, i * classes, (i + 1) * classes);
      }
    }
    return rows;
  }

  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> logitsOf(LoadedModel model) {
    GraphOperation output = model.bundle().graph().operation(SavedModelExporter.PROBABILITIES);
    GraphOperation softmax = output == null ? null : (GraphOperation) output.input(0).op();
    if (softmax == null || !softmax.type().equals("Softmax")) {
      throw new IllegalStateException("Model " + model.info().name() + " has no '"
          + SavedModelExporter.PROBABILITIES + "' output computed by a Softmax: not a classifier "
          + "exported by screening");
    }
    return (Operand<TFloat32>) softmax.input(0);
  }
}
