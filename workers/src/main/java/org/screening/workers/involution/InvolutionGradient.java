package org.screening.workers.involution;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;

/**
 * Teaches TensorFlow Java's graph autodiff the gradient of {@code Involution}: both input
 * gradients come from one {@code InvolutionGrad} op, which shares the neighbourhood walk.
 */
final class InvolutionGradient {

  private InvolutionGradient() {}

  static void register() {
    if (!TensorFlow.registerCustomGradient(InvolutionOp.OP_TYPE, InvolutionGradient::gradient)) {
      throw new IllegalStateException("TensorFlow refused the gradient of " + InvolutionOp.OP_TYPE);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<Operand<?>> gradient(
      Ops tf, org.tensorflow.GraphOperation op, List<org.tensorflow.Output<?>> gradOutputs) {
    long kernelSize = op.attributes().getAttrInt(InvolutionOp.KERNEL_SIZE);
    long dilation = op.attributes().getAttrInt(InvolutionOp.DILATION);
    Operand x = op.input(0);
    Operand kernel = op.input(1);
    Operand dy = gradOutputs.get(0);
    return List.copyOf(InvolutionOp.gradient(tf.scope(), x, kernel, dy, kernelSize, dilation));
  }
}
