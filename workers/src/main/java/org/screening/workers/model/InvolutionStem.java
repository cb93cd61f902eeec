package org.screening.workers.model;

import java.util.ArrayList;
import java.util.List;
import org.screening.workers.model.layers.InvolutionLayer;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The involution layers the paper puts in front of its CNN and U-Net: none for the plain
 * networks, one for Med-IC, two or three for the Hybrid-2/3 ablations. Each layer keeps the
 * channel count, so they stack.
 */
final class InvolutionStem {

  private final List<InvolutionLayer> layers = new ArrayList<>();
  private final boolean reluAfterEach;

  InvolutionStem(ModelScope scope, int count, long channels, int kernelSize, long hidden,
      boolean reluAfterEach) {
    if (count < 0) {
      throw new IllegalArgumentException("involution layers must be >= 0, got " + count);
    }
    for (int i = 0; i < count; i++) {
      layers.add(new InvolutionLayer(scope.sub("involution" + (i + 1)), channels, kernelSize, 1,
          hidden));
    }
    this.reluAfterEach = reluAfterEach;
  }

  /** The stem's output and the first layer's kernel map (null without layers). */
  InvolutionLayer.Output apply(ModelScope scope, Operand<TFloat32> x, boolean training) {
    Operand<TFloat32> kernel = null;
    for (InvolutionLayer layer : layers) {
      InvolutionLayer.Output out = layer.apply(x, training);
      kernel = kernel == null ? out.kernel() : kernel;
      x = reluAfterEach ? scope.tf().nn.relu(out.y()) : out.y();
    }
    return new InvolutionLayer.Output(x, kernel);
  }
}
