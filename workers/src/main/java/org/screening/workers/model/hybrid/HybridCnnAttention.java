package org.screening.workers.model.hybrid;

import java.util.ArrayList;
import java.util.List;
import org.screening.workers.model.MedIcModel;
import org.screening.workers.model.ModelOutput;
import org.screening.workers.model.ModelScope;
import org.screening.workers.model.layers.DenseLayer;
import org.screening.workers.model.layers.GlobalAveragePool;
import org.screening.workers.model.layers.Init;
import org.screening.workers.model.layers.Layers;
import org.screening.workers.model.resnet.ResNet18Trunk;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.Min;
import org.tensorflow.types.TFloat32;

/**
 * Hybrid CNN + attention (Gomathi and Roopa Chandrika; read as MODELS.md 4): a 3x3 Gaussian
 * blur and per-image min-max (the paper's Eqs. 1-2), a ResNet-18 trunk with a self-attention
 * block after stage 3 (d = 128) and after stage 4 (d = 256), global average pool, dense 256,
 * ReLU, dropout 0.3, dense to the classes, softmax; optionally a segmentation head.
 * 11,966,656 + 257 K parameters at 224 px, 11,958,976 + 257 K at 28 px; the head adds
 * 2,322,432 + 65 M for M mask classes.
 */
public final class HybridCnnAttention implements MedIcModel {

  private static final long HIDDEN = 256;
  private static final float DROPOUT = 0.3f;
  /** 3x3 Gaussian, sigma 1: exp(-1/2) at the edges, normalised to sum 1 below. */
  private static final float EDGE = (float) Math.exp(-0.5);

  private final ModelScope scope;
  private final int inputSize;
  private final ResNet18Trunk trunk;
  private final AttentionBlock attention3;
  private final AttentionBlock attention4;
  private final DenseLayer hidden;
  private final DenseLayer classifier;
  private final long dropoutSeed;
  private final SegmentationDecoder decoder;

  /**
   * {@code maskClasses} 0 builds no segmentation head; {@code classes} 0 builds no
   * classification head (a segmenter alone, whose loss could not reach that head's weights).
   */
  public HybridCnnAttention(ModelScope scope, ResNet18Trunk.Stem stem, int classes,
      int maskClasses) {
    this.scope = scope;
    this.inputSize = stem.inputSize();
    this.trunk = new ResNet18Trunk(scope.sub("trunk"), stem);
    long c3 = ResNet18Trunk.channels(3);
    long c4 = ResNet18Trunk.channels(4);
    this.attention3 = new AttentionBlock(scope.sub("attention3"), c3, c3 / 2);
    this.attention4 = new AttentionBlock(scope.sub("attention4"), c4, c4 / 2);
    this.hidden = classes > 0
        ? new DenseLayer(scope.sub("hidden"), c4, HIDDEN, Init.PYTORCH_DEFAULT) : null;
    this.classifier = classes > 0
        ? new DenseLayer(scope.sub("classifier"), HIDDEN, classes, Init.PYTORCH_DEFAULT) : null;
    this.dropoutSeed = scope.nextSeed();
    this.decoder = maskClasses > 0
        ? new SegmentationDecoder(scope.sub("segmentation"), maskClasses) : null;
  }

  /** The classification output alone: the contract every model of the project has. */
  @Override
  public ModelOutput apply(Operand<TFloat32> image, boolean training) {
    return forward(image, training).classification();
  }

  /** Classification, the stage-3 attention map and, with the head, the mask. */
  public HybridOutput forward(Operand<TFloat32> image, boolean training) {
    Ops tf = scope.tf();
    Operand<TFloat32> x = trunk.stem(preprocess(tf, image), training);
    List<Operand<TFloat32>> skips = new ArrayList<>();
    for (int stage = 1; stage <= 3; stage++) {
      x = trunk.stage(stage, x, training);
      skips.add(x);
    }
    AttentionBlock.Output a3 = attention3.apply(x, training);
    Operand<TFloat32> featureMap = attention4.apply(trunk.stage(4, a3.y(), training), training).y();
    ModelOutput classification = null;
    if (classifier != null) {
      Operand<TFloat32> h = tf.nn.relu(hidden.apply(GlobalAveragePool.apply(tf, featureMap)));
      Operand<TFloat32> logits = classifier.apply(
          Layers.dropout(tf, h, DROPOUT, dropoutSeed, training));
      classification = new ModelOutput(logits, tf.nn.softmax(logits), null, featureMap);
    }
    if (decoder == null) {
      return new HybridOutput(classification, a3.attention(), null, null);
    }
    Operand<TFloat32> maskLogits = decoder.apply(featureMap, skips, inputSize, training);
    return new HybridOutput(classification, a3.attention(), maskLogits, tf.nn.softmax(maskLogits));
  }

  /**
   * The paper's denoising and scaling: 3x3 Gaussian blur (sigma 1, zero-padded borders) per
   * channel, then each image min-max scaled to [0, 1], or 0 where it is flat.
   */
  private static Operand<TFloat32> preprocess(Ops tf, Operand<TFloat32> image) {
    float sum = 1 + 4 * EDGE + 4 * EDGE * EDGE;
    float[] taps = {EDGE * EDGE, EDGE, EDGE * EDGE, EDGE, 1, EDGE, EDGE * EDGE, EDGE, EDGE * EDGE};
    float[][][][] kernel = new float[3][3][3][1];
    for (int i = 0; i < 9; i++) {
      for (int c = 0; c < 3; c++) {
        kernel[i / 3][i % 3][c][0] = taps[i] / sum;
      }
    }
    Operand<TFloat32> blurred = tf.nn.depthwiseConv2dNative(image, tf.constant(kernel),
        List.of(1L, 1L, 1L, 1L), "SAME");
    Operand<TFloat32> min = tf.min(blurred, tf.constant(new int[] {1, 2, 3}),
        Min.keepDims(true));
    Operand<TFloat32> max = tf.max(blurred, tf.constant(new int[] {1, 2, 3}),
        Max.keepDims(true));
    return tf.math.divNoNan(tf.math.sub(blurred, min), tf.math.sub(max, min));
  }
}
