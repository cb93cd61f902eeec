package org.screening.workers.inference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.screening.workers.export.SavedModelExporter;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Runs a loaded model's serving signature on a batch of preprocessed images. */
public final class Predictions {

  private Predictions() {}

  /**
   * @param images {@code count} images, each height*width*3 floats in [0,1], back to back
   * @return every signature output by name, flattened row-major
   */
  public static Map<String, float[]> run(LoadedModel model, float[] images, int count) {
    return run(model, images, count, model.serving().signature().outputNames());
  }

  /**
   * As {@link #run(LoadedModel, float[], int)}, fetching only the signature's outputs named in
   * {@code wanted}: serving skips the Cls involution kernel map, a visualisation output 250 times
   * the size of the probabilities that would otherwise be copied out for every frame. Where
   * {@code wanted} holds {@link GradCam#OUTPUT} and the model has Grad-CAM, the same run also
   * fetches the heat maps, [count, h, w], under that name; likewise {@link KernelMap#OUTPUT}.
   */
  public static Map<String, float[]> run(LoadedModel model, float[] images, int count,
      Set<String> wanted) {
    int h = model.info().input().height();
    int w = model.info().input().width();
    if (images.length != count * h * w * 3) {
      throw new IllegalArgumentException(model.info().name() + " takes " + h + "x" + w
          + "x3 images: " + count + " of them are " + count * h * w * 3 + " floats, got "
          + images.length);
    }
    Signature signature = model.serving().signature();
    List<String> names = signature.outputNames().stream().filter(wanted::contains).sorted()
        .toList();
    // Explanations are asked for by name like outputs; a model without them has none.
    Map<String, Output<TFloat32>> added = new LinkedHashMap<>();
    if (wanted.contains(GradCam.OUTPUT) && model.gradCam() != null) {
      added.put(GradCam.OUTPUT, model.gradCam().heatMap());
    }
    if (wanted.contains(KernelMap.OUTPUT) && model.kernelMap() != null) {
      added.put(KernelMap.OUTPUT, model.kernelMap().map());
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    try (TFloat32 input = TFloat32.tensorOf(Shape.of(count, h, w, 3), DataBuffers.of(images))) {
      Session.Runner runner = model.serving().session().runner()
          .feed(signature.getInputs().get(SavedModelExporter.INPUT).name, input);
      names.forEach(name -> runner.fetch(signature.getOutputs().get(name).name));
      added.values().forEach(runner::fetch);
      List<String> fetched = new ArrayList<>(names);
      fetched.addAll(added.keySet());
      try (Result result = runner.run()) {
        for (int i = 0; i < fetched.size(); i++) {
          out.put(fetched.get(i), values((TFloat32) result.get(i)));
        }
      }
    }
    return out;
  }

  private static float[] values(TFloat32 t) {
    float[] values = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(values));
    return values;
  }

  /** Index of the largest value: the top-1 class of a probability vector. */
  public static int argMax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
