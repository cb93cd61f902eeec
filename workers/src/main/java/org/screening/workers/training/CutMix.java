package org.screening.workers.training;

import java.util.List;
import java.util.Random;
import org.screening.workers.data.Sample;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * CutMix (Yun et al. 2019) as MedSpectralNet trains with it: with probability p a batch has a
 * box of every image replaced by the same box of a partner image (a seeded shuffle of the
 * batch), and its label becomes soft: {@code lambda} for its own class and {@code 1 - lambda}
 * for the partner's, lambda being the share of the image left unpasted. lambda is drawn from
 * Beta(1, 1) (uniform), the box has sides {@code sqrt(1 - lambda)} of the image's, centred
 * uniformly and clipped at the border, and lambda is then recomputed from the clipped area.
 */
final class CutMix {

  /** A box of rows [top, bottom) and columns [left, right). */
  record Box(int top, int left, int bottom, int right) {
    int area() {
      return (bottom - top) * (right - left);
    }
  }

  private final float probability;
  private final Random random;

  CutMix(float probability, long seed) {
    this.probability = probability;
    this.random = new Random(seed);
  }

  /** The batch for one training step: mixed with probability p, plain otherwise. */
  Batch batch(List<Sample> samples, int height, int width, int classes) {
    if (probability == 0 || samples.size() < 2 || random.nextFloat() >= probability) {
      return Batch.of(samples, height, width, false);
    }
    int n = samples.size();
    int[] partner = new int[n];
    for (int i = 0; i < n; i++) {
      partner[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = partner[i];
      partner[i] = partner[j];
      partner[j] = t;
    }
    Box box = box(random.nextDouble(), random.nextDouble(), random.nextDouble(), height, width);
    int pixels = height * width * 3;
    float[] images = new float[n * pixels];
    float[] targets = new float[n * classes];
    for (int i = 0; i < n; i++) {
      float[] mixed = mix(samples.get(i).pixels(), samples.get(partner[i]).pixels(), box,
          width);
      System.arraycopy(mixed, 0, images, i * pixels, pixels);
      float[] soft = softLabel(samples.get(i).label(), samples.get(partner[i]).label(), classes,
          1 - (float) box.area() / (height * width));
      System.arraycopy(soft, 0, targets, i * classes, classes);
    }
    return Batch.soft(TFloat32.tensorOf(Shape.of(n, height, width, 3), DataBuffers.of(images)),
        TFloat32.tensorOf(Shape.of(n, classes), DataBuffers.of(targets)));
  }

  /** The box for a lambda and a centre given as fractions of the height and width. */
  static Box box(double lambda, double centreY, double centreX, int height, int width) {
    double side = Math.sqrt(1 - lambda);
    int h = (int) (height * side);
    int w = (int) (width * side);
    int cy = (int) (centreY * height);
    int cx = (int) (centreX * width);
    return new Box(Math.max(0, cy - h / 2), Math.max(0, cx - w / 2),
        Math.min(height, cy + h / 2), Math.min(width, cx + w / 2));
  }

  /** {@code image} (HWC, 3 channels) with {@code box} taken from {@code partner}. */
  static float[] mix(float[] image, float[] partner, Box box, int width) {
    float[] out = image.clone();
    for (int y = box.top(); y < box.bottom(); y++) {
      int from = (y * width + box.left()) * 3;
      System.arraycopy(partner, from, out, from, (box.right() - box.left()) * 3);
    }
    return out;
  }

  /** {@code lambda} on the image's own class and the rest on its partner's. */
  static float[] softLabel(int own, int partner, int classes, float lambda) {
    float[] label = new float[classes];
    label[own] += lambda;
    label[partner] += 1 - lambda;
    return label;
  }
}
