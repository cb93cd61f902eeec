package org.screening.workers.model;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** A Med-IC network whose variables live in a {@link ModelScope}; callable more than once. */
public interface MedIcModel {

  /** Adds the network for {@code image} [N,H,W,3] in [0,1]; training adds dropout and BN updates. */
  ModelOutput apply(Operand<TFloat32> image, boolean training);
}
