package org.screening.workers.model.medspectralnet;

import org.screening.workers.model.ModelScope;
import org.screening.workers.model.layers.Conv2dLayer;
import org.screening.workers.model.layers.DenseLayer;
import org.screening.workers.model.layers.GlobalAveragePool;
import org.screening.workers.model.layers.Init;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * SpectralFlow (MODELS.md 2.2): splits a [batch, H, W, C] map into a low-frequency stream
 * (a softmax-weighted k x k patch average of a C/4-channel reduction, one global dynamic filter
 * per image and head, upsampled back) and the high-frequency residual {@code x - low}, mixes
 * the two per channel with an SKNet-style 2-way softmax of squeeze-excitations, and projects.
 * The split is spatial, so no FFT (which has no gradient in TF Java) is needed.
 */
final class SpectralFlow {

  static final int REDUCTION = 4;
  static final int HEADS = 4;
  static final int SQUEEZE = 16;

  private final Ops tf;
  private final long channels;
  private final int patch;
  private final DenseLayer filterGenerator;
  private final Conv2dLayer reduce;
  private final Conv2dLayer expand;
  private final DenseLayer squeezeLow;
  private final DenseLayer exciteLow;
  private final DenseLayer squeezeHigh;
  private final DenseLayer exciteHigh;
  private final Conv2dLayer output;

  /**
   * {@code outputInit} ZEROS makes the block output 0 at step 0 (SF1, whose sum with the trunk's
   * map then starts as the map); the generator is always zero so the filter starts as a box.
   */
  SpectralFlow(ModelScope scope, long channels, int patch, Init outputInit) {
    long low = channels / REDUCTION;
    if (low % HEADS != 0 || channels % SQUEEZE != 0) {
      throw new IllegalArgumentException("SpectralFlow: " + channels + " channels must split into "
          + REDUCTION + "x" + HEADS + " low-frequency heads and a 1/" + SQUEEZE + " squeeze");
    }
    this.tf = scope.tf();
    this.channels = channels;
    this.patch = patch;
    // A 1x1 conv on the pooled vector is a dense layer on [batch, C].
    this.filterGenerator = new DenseLayer(scope.sub("generator"), channels,
        (long) HEADS * patch * patch, Init.ZEROS);
    this.reduce = new Conv2dLayer(scope.sub("reduce"), channels, low, 1, 1, true,
        Init.PYTORCH_DEFAULT);
    this.expand = new Conv2dLayer(scope.sub("expand"), low, channels, 1, 1, true,
        Init.PYTORCH_DEFAULT);
    this.squeezeLow = new DenseLayer(scope.sub("squeeze_low"), channels, channels / SQUEEZE,
        Init.PYTORCH_DEFAULT);
    this.exciteLow = new DenseLayer(scope.sub("excite_low"), channels / SQUEEZE, channels,
        Init.PYTORCH_DEFAULT);
    this.squeezeHigh = new DenseLayer(scope.sub("squeeze_high"), channels, channels / SQUEEZE,
        Init.PYTORCH_DEFAULT);
    this.exciteHigh = new DenseLayer(scope.sub("excite_high"), channels / SQUEEZE, channels,
        Init.PYTORCH_DEFAULT);
    this.output = new Conv2dLayer(scope.sub("output"), channels, channels, 1, 1, true, outputInit);
  }

  Operand<TFloat32> apply(Operand<TFloat32> x) {
    if (x.shape().numDimensions() != 4 || x.shape().get(3) != channels) {
      throw new IllegalArgumentException("SpectralFlow: expected input [batch, h, w, " + channels
          + "], got " + x.shape());
    }
    long h = x.shape().get(1);
    long w = x.shape().get(2);
    long low = channels / REDUCTION;
    long taps = (long) patch * patch;
    // 1: one softmax over the k*k taps per image and head, as [batch, 1, 1, taps, heads, 1].
    Operand<TFloat32> logits = tf.reshape(filterGenerator.apply(GlobalAveragePool.apply(tf, x)),
        tf.constant(new long[] {-1, HEADS, taps}));
    Operand<TFloat32> filter = tf.reshape(
        tf.linalg.transpose(tf.nn.softmax(logits), tf.constant(new int[] {0, 2, 1})),
        tf.constant(new long[] {-1, 1, 1, taps, HEADS, 1}));
    // 2-3: reduce, then zero-pad bottom/right to whole patches (7 -> 9 at k=3).
    Operand<TFloat32> reduced = reduce.apply(x);
    long hp = ceilToMultiple(h, patch);
    long wp = ceilToMultiple(w, patch);
    Operand<TFloat32> padded = tf.pad(reduced,
        tf.constant(new int[][] {{0, 0}, {0, (int) (hp - h)}, {0, (int) (wp - w)}, {0, 0}}),
        tf.constant(0f));
    // 4: SpaceToDepth orders its channels (dy, dx, c), so this reshape splits taps and heads
    // exactly; ExtractImagePatches would do the same but has no gradient.
    long hs = hp / patch;
    long ws = wp / patch;
    Operand<TFloat32> patches = tf.reshape(tf.nn.spaceToDepth(padded, (long) patch),
        tf.constant(new long[] {-1, hs, ws, taps, HEADS, low / HEADS}));
    Operand<TFloat32> pooled = tf.reshape(
        tf.reduceSum(tf.math.mul(patches, filter), tf.constant(3)),
        tf.constant(new long[] {-1, hs, 1, ws, 1, low}));
    // 5: nearest-neighbour x k by broadcasting against ones (no batch size needed), then crop.
    Operand<TFloat32> up = tf.reshape(
        tf.math.mul(pooled, tf.ones(tf.constant(new long[] {1, 1, patch, 1, patch, 1}),
            TFloat32.class)),
        tf.constant(new long[] {-1, hp, wp, low}));
    Operand<TFloat32> cropped = tf.slice(up, tf.constant(new int[] {0, 0, 0, 0}),
        tf.constant(new int[] {-1, (int) h, (int) w, (int) low}));
    // 6-7: low- and high-frequency streams, Eq. (1).
    Operand<TFloat32> lowFreq = expand.apply(cropped);
    Operand<TFloat32> highFreq = tf.math.sub(x, lowFreq);
    // 8: a_l = softmax over the two streams' excitations = sigmoid(s_l - s_h); a_h = 1 - a_l.
    Operand<TFloat32> aLow = tf.reshape(tf.math.sigmoid(tf.math.sub(
            excitation(squeezeLow, exciteLow, lowFreq), excitation(squeezeHigh, exciteHigh, highFreq))),
        tf.constant(new long[] {-1, 1, 1, channels}));
    Operand<TFloat32> aHigh = tf.math.sub(tf.constant(1f), aLow);
    // 9: project the mix.
    return output.apply(tf.math.add(tf.math.mul(aLow, lowFreq), tf.math.mul(aHigh, highFreq)));
  }

  private Operand<TFloat32> excitation(DenseLayer squeeze, DenseLayer excite, Operand<TFloat32> x) {
    return excite.apply(tf.nn.relu(squeeze.apply(GlobalAveragePool.apply(tf, x))));
  }

  private static long ceilToMultiple(long size, int patch) {
    return (size + patch - 1) / patch * patch;
  }
}
