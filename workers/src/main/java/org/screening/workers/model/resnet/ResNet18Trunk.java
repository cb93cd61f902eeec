package org.screening.workers.model.resnet;

import java.util.ArrayList;
import java.util.List;
import org.screening.workers.model.ModelScope;
import org.screening.workers.model.layers.BatchNormLayer;
import org.screening.workers.model.layers.Conv2dLayer;
import org.screening.workers.model.layers.Init;
import org.screening.workers.model.layers.MaxPool;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * torchvision's ResNet-18 without its fc layer (11,176,512 trainable parameters with the
 * ImageNet stem): a stem, then four stages of two basic blocks, 64/128/256/512 channels, the
 * first block of stages 2-4 at stride 2. Built from scratch (no ImageNet weights here).
 * The stages are exposed one by one because the hybrid model works between them.
 */
public final class ResNet18Trunk {

  public static final int STAGES = 4;
  private static final long[] CHANNELS = {64, 128, 256, 512};

  /** How the image enters the trunk; decides the input size and the stage map sizes. */
  public enum Stem {
    /** 7x7/2 conv, BN, ReLU, 3x3/2 max-pool: 224 px to stage maps 56/28/14/7. */
    IMAGENET_224(224, 7, 2, true),
    /** MedMNIST's 28 px convention: 3x3/1 conv, BN, ReLU, no pool; stage maps 28/14/7/4. */
    MEDMNIST_28(28, 3, 1, false);

    private final int inputSize;
    private final int kernel;
    private final int stride;
    private final boolean maxPool;

    Stem(int inputSize, int kernel, int stride, boolean maxPool) {
      this.inputSize = inputSize;
      this.kernel = kernel;
      this.stride = stride;
      this.maxPool = maxPool;
    }

    /** Height and width of the square RGB input the stem is designed for. */
    public int inputSize() {
      return inputSize;
    }
  }

  private final Ops tf;
  private final Stem stem;
  private final Conv2dLayer stemConv;
  private final BatchNormLayer stemNorm;
  private final List<List<BasicBlock>> stages = new ArrayList<>();

  public ResNet18Trunk(ModelScope scope, Stem stem) {
    this.tf = scope.tf();
    this.stem = stem;
    this.stemConv = new Conv2dLayer(scope.sub("conv1"), 3, CHANNELS[0], stem.kernel, stem.stride,
        false, Init.HE_OUT);
    this.stemNorm = batchNorm(scope.sub("bn1"), CHANNELS[0], 1f);
    long in = CHANNELS[0];
    for (int s = 0; s < STAGES; s++) {
      List<BasicBlock> blocks = new ArrayList<>();
      for (int b = 0; b < 2; b++) {
        int stride = s > 0 && b == 0 ? 2 : 1;
        blocks.add(new BasicBlock(scope.sub("layer" + (s + 1)).sub(String.valueOf(b)), in,
            CHANNELS[s], stride));
        in = CHANNELS[s];
      }
      stages.add(blocks);
    }
  }

  /** Channels of stage {@code stage} (1-4)'s output. */
  public static long channels(int stage) {
    return CHANNELS[stage - 1];
  }

  /** [batch, S, S, 3] at the stem's input size to the stage-1 input [batch, S/4 or S, ..., 64]. */
  public Operand<TFloat32> stem(Operand<TFloat32> image, boolean training) {
    if (image.shape().numDimensions() != 4 || image.shape().get(1) != stem.inputSize
        || image.shape().get(2) != stem.inputSize || image.shape().get(3) != 3) {
      throw new IllegalArgumentException("ResNet-18 " + stem + " stem: expected input [batch, "
          + stem.inputSize + ", " + stem.inputSize + ", 3], got " + image.shape());
    }
    Operand<TFloat32> x = tf.nn.relu(stemNorm.apply(stemConv.apply(image), training));
    return stem.maxPool ? MaxPool.apply(tf, x, 3, 2) : x;
  }

  /** Stage {@code stage} (1-4), applied to the previous stage's (or the stem's) output. */
  public Operand<TFloat32> stage(int stage, Operand<TFloat32> x, boolean training) {
    for (BasicBlock block : stages.get(stage - 1)) {
      x = block.apply(x, training);
    }
    return x;
  }

  /** Stem and all four stages: [batch, S, S, 3] to [batch, S/32 (or S/8 for 28 px), ..., 512]. */
  public Operand<TFloat32> apply(Operand<TFloat32> image, boolean training) {
    Operand<TFloat32> x = stem(image, training);
    for (int s = 1; s <= STAGES; s++) {
      x = stage(s, x, training);
    }
    return x;
  }

  /** The trunk's BN is torchvision's: PyTorch epsilon, gamma {@code initialGamma}, beta 0. */
  static BatchNormLayer batchNorm(ModelScope scope, long channels, float initialGamma) {
    return new BatchNormLayer(scope, channels, BatchNormLayer.PYTORCH_EPSILON, initialGamma);
  }
}
