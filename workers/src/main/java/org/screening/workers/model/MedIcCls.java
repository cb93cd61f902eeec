package org.screening.workers.model;

import java.util.ArrayList;
import java.util.List;
import org.screening.workers.model.layers.BatchNormLayer;
import org.screening.workers.model.layers.Conv2dLayer;
import org.screening.workers.model.layers.DenseLayer;
import org.screening.workers.model.layers.InvolutionLayer;
import org.screening.workers.model.layers.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Med-IC Cls: involution (K=3, G=1, hidden width 2) and ReLU, then 2x2 max-pool, BN, conv 64,
 * ReLU, pool, BN, conv 128, ReLU, pool, BN, dropout 0.1, dense 256-192-96-64 (ReLU) and a
 * softmax over the classes. Convolutions are 3x3 with same padding: the paper does not say.
 */
public final class MedIcCls implements MedIcModel {

  public static final int INPUT_SIZE = 28;
  static final int KERNEL_SIZE = 3;
  /** The paper's +43 parameters per extra involution layer fit a hidden width of 2 with BN. */
  static final int HIDDEN = 2;
  private static final long[] DENSE_UNITS = {256, 192, 96, 64};
  private static final float DROPOUT = 0.1f;

  private final ModelScope scope;
  private final InvolutionStem stem;
  private final BatchNormLayer norm1;
  private final Conv2dLayer conv64;
  private final BatchNormLayer norm2;
  private final Conv2dLayer conv128;
  private final BatchNormLayer norm3;
  private final List<DenseLayer> dense = new ArrayList<>();
  private final DenseLayer classifier;
  private final long dropoutSeed;

  public MedIcCls(ModelScope scope, int involutionLayers, int classes) {
    this.scope = scope;
    this.stem = new InvolutionStem(scope, involutionLayers, 3, KERNEL_SIZE, HIDDEN, true);
    this.norm1 = new BatchNormLayer(scope.sub("norm1"), 3);
    this.conv64 = new Conv2dLayer(scope.sub("conv64"), 3, 64, 3);
    this.norm2 = new BatchNormLayer(scope.sub("norm2"), 64);
    this.conv128 = new Conv2dLayer(scope.sub("conv128"), 64, 128, 3);
    this.norm3 = new BatchNormLayer(scope.sub("norm3"), 128);
    long side = INPUT_SIZE / 2 / 2 / 2;
    long features = side * side * 128;
    for (long units : DENSE_UNITS) {
      dense.add(new DenseLayer(scope.sub("dense" + units), features, units));
      features = units;
    }
    this.classifier = new DenseLayer(scope.sub("classifier"), features, classes);
    this.dropoutSeed = scope.nextSeed();
  }

  @Override
  public ModelOutput apply(Operand<TFloat32> image, boolean training) {
    Ops tf = scope.tf();
    InvolutionLayer.Output stemOut = stem.apply(scope, image, training);
    Operand<TFloat32> x = norm1.apply(Layers.maxPool2x2(tf, stemOut.y()), training);
    x = norm2.apply(Layers.maxPool2x2(tf, tf.nn.relu(conv64.apply(x))), training);
    Operand<TFloat32> featureMap = tf.nn.relu(conv128.apply(x));
    x = norm3.apply(Layers.maxPool2x2(tf, featureMap), training);
    x = Layers.flatten(tf, Layers.dropout(tf, x, DROPOUT, dropoutSeed, training));
    for (DenseLayer layer : dense) {
      x = tf.nn.relu(layer.apply(x));
    }
    Operand<TFloat32> logits = classifier.apply(x);
    return new ModelOutput(logits, tf.nn.softmax(logits), stemOut.kernel(), featureMap);
  }
}
