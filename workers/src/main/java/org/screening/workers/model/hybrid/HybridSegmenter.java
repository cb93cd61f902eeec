package org.screening.workers.model.hybrid;

import org.screening.workers.model.MedIcModel;
import org.screening.workers.model.ModelOutput;
import org.screening.workers.model.ModelScope;
import org.screening.workers.model.resnet.ResNet18Trunk;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The hybrid model served as a segmenter, in the project's segmentation contract (one
 * foreground-probability channel, trained on binary cross-entropy and soft Dice): its head is
 * built with two mask classes, background and foreground, and since
 * {@code softmax(l)[1] = sigmoid(l1 - l0)}, the logit difference is the foreground logit.
 * Without the classification head: the mask loss would not reach its weights, and TensorFlow
 * refuses gradients for unreachable variables.
 */
public final class HybridSegmenter implements MedIcModel {

  private final ModelScope scope;
  private final HybridCnnAttention hybrid;

  public HybridSegmenter(ModelScope scope, ResNet18Trunk.Stem stem) {
    this.scope = scope;
    this.hybrid = new HybridCnnAttention(scope, stem, 0, 2);
  }

  @Override
  public ModelOutput apply(Operand<TFloat32> image, boolean training) {
    Ops tf = scope.tf();
    Operand<TFloat32> maskLogits = hybrid.forward(image, training).maskLogits();
    // int32 bounds: Slice's gradient subtracts them from the int32 input shape.
    Operand<TFloat32> background = tf.slice(maskLogits, tf.constant(new int[] {0, 0, 0, 0}),
        tf.constant(new int[] {-1, -1, -1, 1}));
    Operand<TFloat32> foreground = tf.slice(maskLogits, tf.constant(new int[] {0, 0, 0, 1}),
        tf.constant(new int[] {-1, -1, -1, 1}));
    Operand<TFloat32> logits = tf.math.sub(foreground, background);
    return new ModelOutput(logits, tf.math.sigmoid(logits), null, null);
  }
}
