package org.screening.workers.model;

import java.util.ArrayList;
import java.util.List;
import org.screening.workers.model.layers.Conv2dLayer;
import org.screening.workers.model.layers.InvolutionLayer;
import org.screening.workers.model.layers.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Med-IC Seg: involution (K=3, G=1, hidden width 1) on the 128x128x3 input, then the paper's
 * plain U-Net, pinned down by its 6,988,113 parameters: five encoder blocks of three 3x3
 * convolutions (16..256 filters) and a sixth of one 3x3 convolution of 512, five decoder blocks
 * (2x2 transposed convolution 256..16, skip concatenation, three 3x3 convolutions), a 1x1
 * convolution to one channel and a sigmoid. Dropout 0.1 per block, no batch norm.
 */
public final class MedIcSeg implements MedIcModel {

  public static final int INPUT_SIZE = 128;
  static final int KERNEL_SIZE = 3;
  static final int HIDDEN = 1;
  private static final long[] ENCODER_FILTERS = {16, 32, 64, 128, 256};
  private static final long BOTTOM_FILTERS = 512;
  private static final float DROPOUT = 0.1f;

  private final ModelScope scope;
  private final InvolutionStem stem;
  private final List<UNetEncoderBlock> encoder = new ArrayList<>();
  private final UNetEncoderBlock bottom;
  private final List<UNetDecoderBlock> decoder = new ArrayList<>();
  private final Conv2dLayer head;

  public MedIcSeg(ModelScope scope, int involutionLayers) {
    this.scope = scope;
    this.stem = new InvolutionStem(scope, involutionLayers, 3, KERNEL_SIZE, HIDDEN, false);
    long channels = 3;
    for (int i = 0; i < ENCODER_FILTERS.length; i++) {
      encoder.add(new UNetEncoderBlock(scope.sub("encoder" + (i + 1)), channels,
          ENCODER_FILTERS[i], 3, DROPOUT));
      channels = ENCODER_FILTERS[i];
    }
    this.bottom = new UNetEncoderBlock(scope.sub("encoder6"), channels, BOTTOM_FILTERS, 1, DROPOUT);
    channels = BOTTOM_FILTERS;
    for (int i = ENCODER_FILTERS.length - 1; i >= 0; i--) {
      long filters = ENCODER_FILTERS[i];
      decoder.add(new UNetDecoderBlock(scope.sub("decoder" + (ENCODER_FILTERS.length - i)),
          channels, filters, filters, 3, DROPOUT));
      channels = filters;
    }
    this.head = new Conv2dLayer(scope.sub("head"), channels, 1, 1);
  }

  @Override
  public ModelOutput apply(Operand<TFloat32> image, boolean training) {
    Ops tf = scope.tf();
    InvolutionLayer.Output stemOut = stem.apply(scope, image, training);
    Operand<TFloat32> x = stemOut.y();
    List<Operand<TFloat32>> skips = new ArrayList<>();
    for (UNetEncoderBlock block : encoder) {
      x = block.apply(x, training);
      skips.add(x);
      x = Layers.maxPool2x2(tf, x);
    }
    x = bottom.apply(x, training);
    for (int i = 0; i < decoder.size(); i++) {
      x = decoder.get(i).apply(x, skips.get(skips.size() - 1 - i), training);
    }
    Operand<TFloat32> logits = head.apply(x);
    return new ModelOutput(logits, tf.math.sigmoid(logits), stemOut.kernel(), null);
  }
}
