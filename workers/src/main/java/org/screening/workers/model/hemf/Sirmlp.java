package org.screening.workers.model.hemf;

import org.screening.workers.model.ModelScope;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Squeezed inverted-residual MLP: {@code z = BN(Conv1x1(x)); t = BN(z + GELU(Conv3x3(z)));
 * BN(Conv1x1_{4C->C}(GELU(Conv1x1_{C->4C}(t))))}. The 3x3 is a full convolution as in the code
 * (the paper says depthwise; its Table 3 counts match the full one).
 */
final class Sirmlp {

  private final Ops tf;
  private final Conv squeeze;
  private final BatchNorm squeezeNorm;
  private final Conv conv1;
  private final BatchNorm norm1;
  private final Conv expand;
  private final Conv project;
  private final BatchNorm projectNorm;

  Sirmlp(ModelScope scope, long in, long channels) {
    this.tf = scope.tf();
    this.squeeze = Conv.fusion(scope.sub("conv_s"), in, channels, 1, true);
    this.squeezeNorm = new BatchNorm(scope.sub("conv_s_bn"), channels);
    this.conv1 = Conv.fusion(scope.sub("conv1"), channels, channels, 3, false);
    this.norm1 = new BatchNorm(scope.sub("bn1"), channels);
    this.expand = Conv.fusion(scope.sub("conv2"), channels, 4 * channels, 1, false);
    this.project = Conv.fusion(scope.sub("conv3"), 4 * channels, channels, 1, false);
    this.projectNorm = new BatchNorm(scope.sub("conv3_bn"), channels);
  }

  Operand<TFloat32> apply(Operand<TFloat32> x, boolean training) {
    Operand<TFloat32> z = squeezeNorm.apply(squeeze.apply(x), training);
    Operand<TFloat32> t = norm1.apply(tf.math.add(z, Gelu.apply(tf, conv1.apply(z))), training);
    return projectNorm.apply(project.apply(Gelu.apply(tf, expand.apply(t))), training);
  }
}
