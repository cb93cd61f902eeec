package org.screening.workers.involution;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TNumber;

/**
 * Involution written with standard TensorFlow ops only: zero-pad x, cut the K*K shifted windows
 * with {@code Slice}, weight each by its kernel tap and add them up. It is the reference the
 * custom kernel is tested against and the baseline it is benchmarked against (with and without
 * XLA). {@code ExtractImagePatches} would be shorter but has no gradient.
 *
 * <p>The taps come from one {@code Split} of the kernel, whose gradient is one {@code Concat}:
 * cutting each tap with its own {@code Slice} made the gradient pad every tap back to the full
 * kernel and add K*K of those, O(K^4) traffic that flattered the custom op's backward pass.
 */
public final class InvolutionComposite {

  private InvolutionComposite() {}

  /** Same contract and shape checks as {@link InvolutionOp#create}; H, W and C must be static. */
  public static <T extends TNumber> Operand<T> create(
      Ops tf, Operand<T> x, Operand<T> kernel, int kernelSize, int dilation) {
    InvolutionOp.checkShapes(x.shape(), kernel.shape(), kernelSize, dilation);
    int height = (int) x.shape().get(1);
    int width = (int) x.shape().get(2);
    int channels = (int) x.shape().get(3);
    int groups = (int) InvolutionOp.groups(kernel.shape());
    if (height < 0 || width < 0 || channels < 0 || groups < 0) {
      throw new IllegalArgumentException("InvolutionComposite needs static height, width, "
          + "channels and groups, got x " + x.shape() + ", kernel " + kernel.shape());
    }
    int pad = (kernelSize / 2) * dilation;
    Operand<T> zero = tf.dtypes.cast(tf.constant(0f), x.type());
    Operand<T> padded =
        tf.pad(x, tf.constant(new int[][] {{0, 0}, {pad, pad}, {pad, pad}, {0, 0}}), zero);
    // Channels as [groups, channels per group], so one tap [.., G, 1] broadcasts over its group.
    Operand<TInt32> grouped = tf.constant(new int[] {-1, height, width, groups, channels / groups});
    // Split's gradient, ConcatV2, needs two or more pieces.
    List<Operand<T>> kernelTaps = kernelSize == 1
        ? List.of(kernel)
        : List.copyOf(tf.split(tf.constant(4), kernel, (long) kernelSize * kernelSize).output());
    List<Operand<T>> taps = new ArrayList<>(kernelSize * kernelSize);
    for (int u = 0; u < kernelSize; u++) {
      for (int v = 0; v < kernelSize; v++) {
        Operand<T> window = tf.slice(padded,
            tf.constant(new int[] {0, u * dilation, v * dilation, 0}),
            tf.constant(new int[] {-1, height, width, -1}));
        taps.add(tf.math.mul(tf.reshape(window, grouped), kernelTaps.get(u * kernelSize + v)));
      }
    }
    return tf.reshape(tf.math.addN(taps), tf.constant(new int[] {-1, height, width, channels}));
  }
}
