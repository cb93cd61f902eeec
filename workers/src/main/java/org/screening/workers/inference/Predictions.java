package org.screening.workers.inference;

import java.util.LinkedHashMap;
import java.util.Map;
import org.screening.workers.export.SavedModelExporter;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
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
    int h = model.info().input().height();
    int w = model.info().input().width();
    if (images.length != count * h * w * 3) {
      throw new IllegalArgumentException(model.info().name() + " takes " + h + "x" + w
          + "x3 images: " + count + " of them are " + count * h * w * 3 + " floats, got "
          + images.length);
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    try (TFloat32 input = TFloat32.tensorOf(Shape.of(count, h, w, 3), DataBuffers.of(images));
        Result result = model.serving().call(Map.of(SavedModelExporter.INPUT, input))) {
      for (Map.Entry<String, Tensor> e : result) {
        TFloat32 t = (TFloat32) e.getValue();
        float[] values = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(values));
        out.put(e.getKey(), values);
      }
    }
    return out;
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
