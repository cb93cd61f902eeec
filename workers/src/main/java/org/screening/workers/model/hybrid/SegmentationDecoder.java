package org.screening.workers.model.hybrid;

import java.util.ArrayList;
import java.util.List;
import org.screening.workers.model.ModelScope;
import org.screening.workers.model.layers.BatchNormLayer;
import org.screening.workers.model.layers.Conv2dLayer;
import org.screening.workers.model.layers.Init;
import org.screening.workers.model.layers.Layers;
import org.screening.workers.model.resnet.ResNet18Trunk;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;

/**
 * The hybrid model's optional segmentation head (MODELS.md 4.2, our design: the paper reports
 * Dice but no decoder): from the last attention block's map, three steps of bilinear upsampling
 * to the next skip's size, concatenation with that trunk stage's output (3, 2, 1) and
 * {@code ReLU(BN(conv3x3))}, then a 1x1 conv to the mask classes and bilinear resizing to the
 * input size. Upsampling goes to the skip's size, not x2: at 28 px the stage maps are 28/14/7/4
 * and 4 x 2 is not 7.
 */
final class SegmentationDecoder {

  private final Ops tf;
  private final List<Conv2dLayer> convs = new ArrayList<>();
  private final List<BatchNormLayer> norms = new ArrayList<>();
  private final Conv2dLayer head;

  SegmentationDecoder(ModelScope scope, int maskClasses) {
    this.tf = scope.tf();
    long in = ResNet18Trunk.channels(4);
    for (int stage = 3; stage >= 1; stage--) {
      long skip = ResNet18Trunk.channels(stage);
      ModelScope up = scope.sub("up" + stage);
      convs.add(new Conv2dLayer(up.sub("conv"), in + skip, skip, 3, 1, false, Init.HE_OUT));
      norms.add(new BatchNormLayer(up.sub("bn"), skip, BatchNormLayer.PYTORCH_EPSILON, 1f));
      in = skip;
    }
    this.head = new Conv2dLayer(scope.sub("head"), in, maskClasses, 1, 1, true,
        Init.PYTORCH_DEFAULT);
  }

  /**
   * {@code bottom}: the last attention block's output; {@code skips}: stage 1-3 outputs in stage
   * order. Returns mask logits [batch, size, size, mask classes].
   */
  Operand<TFloat32> apply(Operand<TFloat32> bottom, List<Operand<TFloat32>> skips, long size,
      boolean training) {
    Operand<TFloat32> d = bottom;
    for (int i = 0; i < convs.size(); i++) {
      Operand<TFloat32> skip = skips.get(skips.size() - 1 - i);
      Operand<TFloat32> up = resize(d, skip.shape().get(1), skip.shape().get(2));
      d = tf.nn.relu(norms.get(i).apply(convs.get(i).apply(Layers.concatChannels(tf, up, skip)),
          training));
    }
    return resize(head.apply(d), size, size);
  }

  // Half-pixel centres: PyTorch's interpolate(mode='bilinear', align_corners=False).
  private Operand<TFloat32> resize(Operand<TFloat32> x, long height, long width) {
    return tf.image.resizeBilinear(x, tf.constant(new int[] {(int) height, (int) width}),
        ResizeBilinear.halfPixelCenters(true));
  }
}
