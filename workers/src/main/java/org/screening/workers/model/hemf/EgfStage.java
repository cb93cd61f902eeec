package org.screening.workers.model.hemf;

import java.util.ArrayList;
import java.util.List;
import org.screening.workers.model.ModelScope;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Enhanced Global Feature stage: layers of post-norm {@code x = LN1(x + MaSA(x));
 * x = LN2(x + Linear(x))} with no FFN. As in the official code, LN1 and LN2 are one instance each
 * for the whole stage, shared by all its layers.
 */
final class EgfStage {

  private final Ops tf;
  private final int heads;
  private final long channels;
  private final List<ManhattanRetention> retentions = new ArrayList<>();
  private final List<Linear> fcs = new ArrayList<>();
  private final LayerNorm norm1;
  private final LayerNorm norm2;

  EgfStage(ModelScope scope, long channels, int heads, int layers) {
    this.tf = scope.tf();
    this.heads = heads;
    this.channels = channels;
    this.norm1 = new LayerNorm(scope.sub("norm1"), channels);
    this.norm2 = new LayerNorm(scope.sub("norm2"), channels);
    for (int i = 0; i < layers; i++) {
      retentions.add(new ManhattanRetention(scope.sub("VRC" + i), channels, heads));
      fcs.add(Linear.branch(scope.sub("FC" + i), channels, channels));
    }
  }

  Operand<TFloat32> apply(Operand<TFloat32> x) {
    Shapes.requireMap("EGF", x, channels);
    RetentionGeometry geometry = RetentionGeometry.of(tf, (int) x.shape().get(1),
        (int) x.shape().get(2), heads, (int) (channels / heads));
    for (int i = 0; i < retentions.size(); i++) {
      x = norm1.apply(tf.math.add(x, retentions.get(i).apply(x, geometry)));
      x = norm2.apply(tf.math.add(x, fcs.get(i).apply(x)));
    }
    return x;
  }
}
