package org.screening.workers.model.hemf;

import java.util.ArrayList;
import java.util.List;
import org.screening.workers.model.MedIcModel;
import org.screening.workers.model.ModelOutput;
import org.screening.workers.model.ModelScope;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * HEMF (He et al., PeerJ CS 2025), as its official code Esgjgd/HEMF builds it: a local branch of
 * ELF blocks and a global branch of RMT-style retention stages, each with its own patchify stem
 * and downsampling, over four stages of 96/192/384/768 channels at 1/4..1/32 of the input; four
 * HEF blocks fuse the branches stage by stage, and the last fused map is pooled, normalised and
 * classified. Any square input whose side is a multiple of 32 works; the weights do not depend
 * on it.
 */
public final class Hemf implements MedIcModel {

  private static final long[] CHANNELS = {96, 192, 384, 768};
  private static final int ELF_BLOCKS = 4;
  private static final int EGF_LAYERS = 3;
  private static final int HEADS = 8;
  /** Stem stride 4 times three 2x downsamplings: the input side must divide by 32. */
  private static final int TOTAL_STRIDE = 32;

  private final Ops tf;
  private final Branch local;
  private final Branch global;
  private final List<List<ElfBlock>> elfStages = new ArrayList<>();
  private final List<EgfStage> egfStages = new ArrayList<>();
  private final List<HefBlock> fusion = new ArrayList<>();
  private final LayerNorm headNorm;
  private final Linear head;

  /** One branch's patchify stem and its three downsamplings (each LN then 2x2/2 conv). */
  private static final class Branch {
    final Conv stem;
    final LayerNorm stemNorm;
    final List<LayerNorm> downNorms = new ArrayList<>();
    final List<Conv> downs = new ArrayList<>();

    Branch(ModelScope scope) {
      stem = new Conv(scope.sub("stem"), 3, CHANNELS[0], 4, 4);
      stemNorm = new LayerNorm(scope.sub("stem_norm"), CHANNELS[0]);
      for (int i = 1; i < CHANNELS.length; i++) {
        downNorms.add(new LayerNorm(scope.sub("down" + (i + 1) + "_norm"), CHANNELS[i - 1]));
        downs.add(new Conv(scope.sub("down" + (i + 1)), CHANNELS[i - 1], CHANNELS[i], 2, 2));
      }
    }

    /** Stage {@code i}'s input from the image (i = 0) or from stage i-1's output. */
    Operand<TFloat32> enter(int i, Operand<TFloat32> x) {
      return i == 0 ? stemNorm.apply(stem.apply(x))
          : downs.get(i - 1).apply(downNorms.get(i - 1).apply(x));
    }
  }

  public Hemf(ModelScope scope, int classes) {
    this.tf = scope.tf();
    ModelScope localScope = scope.sub("local");
    ModelScope globalScope = scope.sub("global");
    this.local = new Branch(localScope);
    this.global = new Branch(globalScope);
    for (int i = 0; i < CHANNELS.length; i++) {
      ModelScope stage = localScope.sub("stage" + (i + 1));
      List<ElfBlock> blocks = new ArrayList<>();
      for (int j = 0; j < ELF_BLOCKS; j++) {
        blocks.add(new ElfBlock(stage.sub("elf" + j), CHANNELS[i]));
      }
      elfStages.add(blocks);
      egfStages.add(new EgfStage(globalScope.sub("stage" + (i + 1)), CHANNELS[i], HEADS,
          EGF_LAYERS));
      fusion.add(new HefBlock(scope.sub("fu" + (i + 1)), CHANNELS[i], i == 0));
    }
    long features = CHANNELS[CHANNELS.length - 1];
    this.headNorm = new LayerNorm(scope.sub("conv_norm"), features);
    this.head = Linear.branch(scope.sub("conv_head"), features, classes);
  }

  /**
   * {@code image} [B,S,S,3] in [0,1], S a multiple of 32; the feature map is the last fused map
   * [B,S/32,S/32,768].
   */
  @Override
  public ModelOutput apply(Operand<TFloat32> image, boolean training) {
    Shape s = image.shape();
    if (s.numDimensions() != 4 || s.get(3) != 3 || s.get(1) != s.get(2) || s.get(1) < TOTAL_STRIDE
        || s.get(1) % TOTAL_STRIDE != 0) {
      throw new IllegalArgumentException("HEMF: expected a square RGB input [batch, S, S, 3] with"
          + " S a multiple of " + TOTAL_STRIDE + " (stage 4 is S/32), got " + s);
    }
    // The authors normalise with mean 0.5 and std 0.5 per channel.
    Operand<TFloat32> x = tf.math.sub(tf.math.mul(image, tf.constant(2f)), tf.constant(1f));
    Operand<TFloat32> l = x;
    Operand<TFloat32> g = x;
    Operand<TFloat32> fused = null;
    for (int i = 0; i < CHANNELS.length; i++) {
      l = local.enter(i, l);
      for (ElfBlock block : elfStages.get(i)) {
        l = block.apply(l);
      }
      g = egfStages.get(i).apply(global.enter(i, g));
      fused = fusion.get(i).apply(l, g, fused, training);
    }
    Operand<TFloat32> pooled = tf.math.mean(fused, tf.constant(new int[] {1, 2}));
    Operand<TFloat32> logits = head.apply(headNorm.apply(pooled));
    return new ModelOutput(logits, tf.nn.softmax(logits), null, fused);
  }
}
