package org.screening.workers.involution;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Scope;
import org.tensorflow.types.family.TNumber;

/**
 * Graph wrapper of the custom {@code Involution} op: {@code y = Involution(x [B,H,W,C], kernel
 * [B,H,W,G,K*K])}, stride 1, same padding, channels split into G groups that share a kernel.
 * Shapes are checked here, at graph-build time, so a wrong layer wiring fails with the shapes in
 * the message instead of at the first {@code Session.run}.
 */
public final class InvolutionOp {

  public static final String OP_TYPE = "Involution";
  public static final String GRAD_OP_TYPE = "InvolutionGrad";
  static final String KERNEL_SIZE = "kernel_size";
  static final String DILATION = "dilation";

  private InvolutionOp() {}

  /** Adds {@code Involution(x, kernel)}; loads the op library first if needed. */
  public static <T extends TNumber> Operand<T> create(
      Scope scope, Operand<T> x, Operand<T> kernel, int kernelSize, int dilation) {
    InvolutionLibrary.load();
    return build(scope, x, kernel, kernelSize, dilation);
  }

  /** Adds {@code InvolutionGrad(x, kernel, dy)} and returns {@code [dx, dkernel]}. */
  static <T extends TNumber> List<Output<T>> gradient(
      Scope scope, Operand<T> x, Operand<T> kernel, Operand<T> dy, long kernelSize, long dilation) {
    Operation op = scope.opBuilder(GRAD_OP_TYPE, GRAD_OP_TYPE)
        .addInput(x.asOutput())
        .addInput(kernel.asOutput())
        .addInput(dy.asOutput())
        .setAttr(KERNEL_SIZE, kernelSize)
        .setAttr(DILATION, dilation)
        .build();
    return List.of(op.output(0), op.output(1));
  }

  static <T extends TNumber> Operand<T> build(
      Scope scope, Operand<T> x, Operand<T> kernel, int kernelSize, int dilation) {
    checkShapes(x.shape(), kernel.shape(), kernelSize, dilation);
    Operation op = scope.opBuilder(OP_TYPE, OP_TYPE)
        .addInput(x.asOutput())
        .addInput(kernel.asOutput())
        .setAttr(KERNEL_SIZE, (long) kernelSize)
        .setAttr(DILATION, (long) dilation)
        .build();
    return op.output(0);
  }

  /** The number of kernel groups G, read from a kernel tensor shape [B,H,W,G,K*K]. */
  public static long groups(Shape kernel) {
    return kernel.get(3);
  }

  static void checkShapes(Shape x, Shape kernel, int kernelSize, int dilation) {
    String context = " (x " + x + ", kernel " + kernel + ", kernel_size " + kernelSize
        + ", dilation " + dilation + ")";
    if (kernelSize < 1 || kernelSize % 2 == 0) {
      throw new IllegalArgumentException(
          "Involution: kernel_size must be odd and positive (same padding is centred)" + context);
    }
    if (dilation < 1) {
      throw new IllegalArgumentException("Involution: dilation must be >= 1" + context);
    }
    if (x.isUnknown() || x.numDimensions() != 4) {
      throw new IllegalArgumentException(
          "Involution: x must have rank 4 [batch,height,width,channels]" + context);
    }
    if (kernel.isUnknown() || kernel.numDimensions() != 5) {
      throw new IllegalArgumentException(
          "Involution: kernel must have rank 5 [batch,height,width,groups,kernel_size^2]" + context);
    }
    for (int axis = 0; axis < 3; axis++) {
      if (!compatible(x.get(axis), kernel.get(axis))) {
        throw new IllegalArgumentException(
            "Involution: kernel batch, height and width must equal those of x" + context);
      }
    }
    if (!compatible(kernel.get(4), (long) kernelSize * kernelSize)) {
      throw new IllegalArgumentException("Involution: kernel's last dimension must be "
          + "kernel_size^2 = " + kernelSize * kernelSize + context);
    }
    long groups = kernel.get(3);
    long channels = x.get(3);
    if (groups == 0 || (groups > 0 && channels > 0 && channels % groups != 0)) {
      throw new IllegalArgumentException(
          "Involution: channels of x must be a multiple of the kernel's groups" + context);
    }
  }

  private static boolean compatible(long a, long b) {
    return a == Shape.UNKNOWN_SIZE || b == Shape.UNKNOWN_SIZE || a == b;
  }
}
