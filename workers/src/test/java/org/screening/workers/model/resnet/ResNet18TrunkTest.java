package org.screening.workers.model.resnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.screening.workers.model.ModelScope;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class ResNet18TrunkTest {

  @Test
  void imageNetTrunkHasTorchvisionsParametersAndStageMapsOf56To7() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ModelScope scope = new ModelScope(tf, 1);
      ResNet18Trunk trunk = new ResNet18Trunk(scope, ResNet18Trunk.Stem.IMAGENET_224);
      // torchvision's 11,689,512 less its 512x1000 fc and bias.
      assertEquals(11_176_512, scope.trainableParameterCount());
      Operand<TFloat32> x = trunk.stem(tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, 224, 224, 3))), false);
      long[] sides = {56, 28, 14, 7};
      for (int stage = 1; stage <= 4; stage++) {
        x = trunk.stage(stage, x, false);
        assertArrayEquals(new long[] {-1, sides[stage - 1], sides[stage - 1],
            ResNet18Trunk.channels(stage)}, x.shape().asArray());
      }
    }
  }

  @Test
  void anImageOfAnotherSizeThanTheStemsIsRejectedWithItsShape() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ResNet18Trunk trunk = new ResNet18Trunk(new ModelScope(tf, 1), ResNet18Trunk.Stem.MEDMNIST_28);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> trunk.stem(tf.placeholder(TFloat32.class,
              Placeholder.shape(Shape.of(-1, 224, 224, 3))), false));
      assertEquals("ResNet-18 MEDMNIST_28 stem: expected input [batch, 28, 28, 3], got "
          + "[-1, 224, 224, 3]", e.getMessage());
    }
  }
}
