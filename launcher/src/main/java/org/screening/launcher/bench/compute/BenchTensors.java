package org.screening.launcher.bench.compute;

import java.util.Random;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * The inputs every variant of one shape is fed: x, kernel and the loss weights w. They come from
 * a fixed seed, so a child JVM regenerates exactly the same values as its parent.
 */
final class BenchTensors implements AutoCloseable {

  private static final long SEED = 20210619L;

  private final TFloat32 x;
  private final TFloat32 kernel;
  private final TFloat32 weights;

  private BenchTensors(TFloat32 x, TFloat32 kernel, TFloat32 weights) {
    this.x = x;
    this.kernel = kernel;
    this.weights = weights;
  }

  static BenchTensors random(KernelShape shape) {
    Random random = new Random(SEED);
    TFloat32 x = gaussian(random, shape.xShape());
    TFloat32 kernel = gaussian(random, shape.kernelShape());
    TFloat32 weights = gaussian(random, shape.xShape());
    return new BenchTensors(x, kernel, weights);
  }

  TFloat32 x() {
    return x;
  }

  TFloat32 kernel() {
    return kernel;
  }

  TFloat32 weights() {
    return weights;
  }

  @Override
  public void close() {
    x.close();
    kernel.close();
    weights.close();
  }

  private static TFloat32 gaussian(Random random, Shape shape) {
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return TFloat32.tensorOf(shape, DataBuffers.of(values));
  }
}
