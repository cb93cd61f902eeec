package org.screening.workers.model.layers;

import org.screening.workers.involution.InvolutionOp;
import org.screening.workers.model.ModelScope;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Involution (Li et al., CVPR 2021) as a layer: a kernel generator
 * {@code phi(X) = W1 * ReLU(BN(W0 * X))} of two 1x1 convolutions makes one KxK kernel per pixel
 * and group, and the custom op applies it. Channels are preserved.
 */
public final class InvolutionLayer {

  /** The layer's output and the kernel map it generated ([B,H,W,G,K*K], for visualisation). */
  public record Output(Operand<TFloat32> y, Operand<TFloat32> kernel) {}

  private final Ops tf;
  private final long channels;
  private final int kernelSize;
  private final long groups;
  private final Conv2dLayer reduce;
  private final BatchNormLayer norm;
  private final Conv2dLayer span;

  public InvolutionLayer(ModelScope scope, long channels, int kernelSize, long groups, long hidden) {
    if (channels % groups != 0) {
      throw new IllegalArgumentException(
          "Involution: " + channels + " channels do not split into " + groups + " groups");
    }
    this.tf = scope.tf();
    this.channels = channels;
    this.kernelSize = kernelSize;
    this.groups = groups;
    this.reduce = new Conv2dLayer(scope.sub("reduce"), channels, hidden, 1);
    this.norm = new BatchNormLayer(scope.sub("norm"), hidden);
    this.span = new Conv2dLayer(scope.sub("span"), hidden, groups * kernelSize * kernelSize, 1);
  }

  public Output apply(Operand<TFloat32> x, boolean training) {
    Layers.requireChannels("Involution", x, channels);
    Operand<TFloat32> taps = span.apply(tf.nn.relu(norm.apply(reduce.apply(x), training)));
    Operand<TFloat32> kernel = tf.reshape(taps, tf.constant(new long[] {
        -1, x.shape().get(1), x.shape().get(2), groups, (long) kernelSize * kernelSize}));
    return new Output(InvolutionOp.create(tf.scope(), x, kernel, kernelSize, 1), kernel);
  }
}
