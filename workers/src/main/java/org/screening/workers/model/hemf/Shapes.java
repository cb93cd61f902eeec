package org.screening.workers.model.hemf;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** Graph-build-time shape checks shared by HEMF's layers. */
final class Shapes {

  private Shapes() {}

  static void requireChannels(String layer, Operand<TFloat32> x, long channels) {
    Shape s = x.shape();
    if (s.isUnknown() || s.get(s.numDimensions() - 1) != channels) {
      throw new IllegalArgumentException(layer + ": expected " + channels
          + " channels on the last axis, got input of shape " + s);
    }
  }

  /** [batch, h, w, channels] with static h, w: the attention blocks need the map size. */
  static void requireMap(String layer, Operand<TFloat32> x, long channels) {
    Shape s = x.shape();
    if (s.numDimensions() != 4 || s.get(1) < 1 || s.get(2) < 1 || s.get(3) != channels) {
      throw new IllegalArgumentException(layer + ": expected [batch, h, w, " + channels
          + "] with static h and w, got " + s);
    }
  }
}
