package org.screening.workers.training;

import java.util.List;
import org.screening.workers.data.Sample;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Samples packed into the tensors one training or evaluation step feeds: images and one of
 * class labels, soft labels [N, classes] (a CutMix batch) or masks.
 */
record Batch(TFloat32 images, TInt32 labels, TFloat32 masks, TFloat32 softLabels)
    implements AutoCloseable {

  static Batch of(List<Sample> samples, int height, int width, boolean segmentation) {
    int n = samples.size();
    int pixels = height * width * 3;
    float[] images = new float[n * pixels];
    for (int i = 0; i < n; i++) {
      System.arraycopy(samples.get(i).pixels(), 0, images, i * pixels, pixels);
    }
    TFloat32 imageTensor = TFloat32.tensorOf(Shape.of(n, height, width, 3), DataBuffers.of(images));
    if (segmentation) {
      float[] masks = new float[n * height * width];
      for (int i = 0; i < n; i++) {
        System.arraycopy(samples.get(i).mask(), 0, masks, i * height * width, height * width);
      }
      return new Batch(imageTensor, null,
          TFloat32.tensorOf(Shape.of(n, height, width, 1), DataBuffers.of(masks)), null);
    }
    int[] labels = samples.stream().mapToInt(Sample::label).toArray();
    return new Batch(imageTensor, TInt32.tensorOf(Shape.of(n), DataBuffers.of(labels)), null,
        null);
  }

  static Batch soft(TFloat32 images, TFloat32 softLabels) {
    return new Batch(images, null, null, softLabels);
  }

  @Override
  public void close() {
    images.close();
    for (Tensor t : new Tensor[] {labels, masks, softLabels}) {
      if (t != null) {
        t.close();
      }
    }
  }
}
