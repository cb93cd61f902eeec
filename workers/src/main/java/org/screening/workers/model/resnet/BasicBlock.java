package org.screening.workers.model.resnet;

import java.util.Arrays;
import org.screening.workers.model.ModelScope;
import org.screening.workers.model.layers.BatchNormLayer;
import org.screening.workers.model.layers.Conv2dLayer;
import org.screening.workers.model.layers.Init;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * ResNet's basic block: {@code ReLU(BN(conv3x3(ReLU(BN(conv3x3/s(x))))) + shortcut)}, the
 * shortcut {@code BN(conv1x1/s(x))} when the block downsamples, else x. Convs without bias
 * (the BN follows), He-out; the second BN starts at gamma 0 so the block starts as its shortcut.
 */
public final class BasicBlock {

  private final Ops tf;
  private final long outChannels;
  private final Conv2dLayer conv1;
  private final BatchNormLayer norm1;
  private final Conv2dLayer conv2;
  private final BatchNormLayer norm2;
  private final Conv2dLayer downsample;
  private final BatchNormLayer downsampleNorm;

  public BasicBlock(ModelScope scope, long inChannels, long outChannels, int stride) {
    this.tf = scope.tf();
    this.outChannels = outChannels;
    this.conv1 = new Conv2dLayer(scope.sub("conv1"), inChannels, outChannels, 3, stride, false,
        Init.HE_OUT);
    this.norm1 = ResNet18Trunk.batchNorm(scope.sub("bn1"), outChannels, 1f);
    this.conv2 = new Conv2dLayer(scope.sub("conv2"), outChannels, outChannels, 3, 1, false,
        Init.HE_OUT);
    this.norm2 = ResNet18Trunk.batchNorm(scope.sub("bn2"), outChannels, 0f);
    boolean project = stride != 1 || inChannels != outChannels;
    this.downsample = project ? new Conv2dLayer(scope.sub("downsample"), inChannels,
        outChannels, 1, stride, false, Init.HE_OUT) : null;
    this.downsampleNorm = project
        ? ResNet18Trunk.batchNorm(scope.sub("downsample_bn"), outChannels, 1f) : null;
  }

  public Operand<TFloat32> apply(Operand<TFloat32> x, boolean training) {
    Operand<TFloat32> y = tf.nn.relu(norm1.apply(conv1.apply(x), training));
    y = norm2.apply(conv2.apply(y), training);
    Operand<TFloat32> shortcut = downsample == null ? x
        : downsampleNorm.apply(downsample.apply(x), training);
    // Shape.equals is false for any unknown (batch) dimension, so compare the dimension lists.
    if (!Arrays.equals(y.shape().asArray(), shortcut.shape().asArray())) {
      throw new IllegalArgumentException("BasicBlock: residual " + y.shape()
          + " does not match shortcut " + shortcut.shape() + " (" + outChannels + " channels)");
    }
    return tf.nn.relu(tf.math.add(y, shortcut));
  }
}
