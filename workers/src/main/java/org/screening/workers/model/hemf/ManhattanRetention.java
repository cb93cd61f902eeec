package org.screening.workers.model.hemf;

import org.screening.workers.model.ModelScope;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;

/**
 * RMT's decomposed Manhattan self-attention (VisionRetentionChunk): rotary-shifted q and k, a
 * softmax attention along each row and then along each column, each with its per-head log-decay
 * added to the scores, plus a 5x5 depthwise "lepe" of v, then an output projection. Heads are
 * contiguous channel slices.
 */
final class ManhattanRetention {

  private final Ops tf;
  private final long channels;
  private final int heads;
  private final int headDim;
  private final Linear q;
  private final Linear k;
  private final Linear v;
  private final DepthwiseConv lepe;
  private final Linear out;

  ManhattanRetention(ModelScope scope, long channels, int heads) {
    if (channels % heads != 0) {
      throw new IllegalArgumentException("Retention: " + channels + " channels do not split into "
          + heads + " heads");
    }
    this.tf = scope.tf();
    this.channels = channels;
    this.heads = heads;
    this.headDim = (int) (channels / heads);
    this.q = Linear.branch(scope.sub("q_proj"), channels, channels);
    this.k = Linear.branch(scope.sub("k_proj"), channels, channels);
    this.v = Linear.branch(scope.sub("v_proj"), channels, channels);
    this.lepe = new DepthwiseConv(scope.sub("lepe"), channels, 5);
    this.out = Linear.branch(scope.sub("out_proj"), channels, channels);
  }

  Operand<TFloat32> apply(Operand<TFloat32> x, RetentionGeometry geometry) {
    Shapes.requireMap("Retention", x, channels);
    long h = x.shape().get(1);
    long w = x.shape().get(2);
    Operand<TFloat32> values = v.apply(x);
    Operand<TFloat32> local = lepe.apply(values);
    Operand<TFloat32> queries = rotate(heads(q.apply(x), h, w), geometry);
    Operand<TFloat32> keys = rotate(heads(
        tf.math.mul(k.apply(x), tf.constant((float) (1.0 / Math.sqrt(headDim)))), h, w), geometry);
    // Along rows: [B,H,heads,W,d], attention over W.
    int[] rows = {0, 1, 3, 2, 4};
    Operand<TFloat32> alongRows = attend(transpose(queries, rows), transpose(keys, rows),
        transpose(heads(values, h, w), rows), geometry.maskW());
    // Along columns: [B,W,heads,H,d], attention over H, on the row result.
    Operand<TFloat32> alongColumns = attend(transpose(queries, new int[] {0, 2, 3, 1, 4}),
        transpose(keys, new int[] {0, 2, 3, 1, 4}),
        transpose(alongRows, new int[] {0, 3, 2, 1, 4}), geometry.maskH());
    Operand<TFloat32> merged = tf.reshape(transpose(alongColumns, new int[] {0, 3, 1, 2, 4}),
        tf.constant(new long[] {-1, h, w, channels}));
    return out.apply(tf.math.add(merged, local));
  }

  private Operand<TFloat32> heads(Operand<TFloat32> x, long h, long w) {
    return tf.reshape(x, tf.constant(new long[] {-1, h, w, heads, headDim}));
  }

  /** {@code u COS + rot(u) SIN} on [B,H,W,heads,d]. */
  private Operand<TFloat32> rotate(Operand<TFloat32> u, RetentionGeometry geometry) {
    Operand<TFloat32> flat = tf.reshape(u, tf.constant(new long[] {-1, headDim}));
    Operand<TFloat32> rotated = tf.reshape(tf.linalg.matMul(flat, geometry.rotation()),
        tf.constant(u.shape().asArray()));
    return tf.math.add(tf.math.mul(u, geometry.cos()), tf.math.mul(rotated, geometry.sin()));
  }

  private Operand<TFloat32> attend(Operand<TFloat32> queries, Operand<TFloat32> keys,
      Operand<TFloat32> values, Operand<TFloat32> logDecay) {
    Operand<TFloat32> scores = tf.math.add(
        tf.train.batchMatMul(queries, keys, TFloat32.class, BatchMatMul.adjY(true)), logDecay);
    return tf.train.batchMatMul(tf.nn.softmax(scores), values, TFloat32.class);
  }

  private Operand<TFloat32> transpose(Operand<TFloat32> x, int[] permutation) {
    return tf.linalg.transpose(x, tf.constant(permutation));
  }
}
