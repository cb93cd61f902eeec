package org.screening.launcher.bench.compute;

import org.screening.workers.involution.InvolutionComposite;
import org.screening.workers.involution.InvolutionOp;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/** One implementation of the same involution, raced against the others on identical inputs. */
enum Variant {
  CUSTOM("custom op", false),
  COMPOSITE("composite", true),
  XLA_COMPOSITE("XLA composite", true);

  private final String title;
  private final boolean composite;

  Variant(String title, boolean composite) {
    this.title = title;
    this.composite = composite;
  }

  String title() {
    return title;
  }

  Operand<TFloat32> build(
      Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel, KernelShape shape) {
    return composite
        ? InvolutionComposite.create(tf, x, kernel, shape.kernelSize(), shape.dilation())
        : InvolutionOp.create(tf.scope(), x, kernel, shape.kernelSize(), shape.dilation());
  }

  ConfigProto sessionConfig() {
    return this == XLA_COMPOSITE ? XlaJit.sessionConfig() : ConfigProto.getDefaultInstance();
  }
}
