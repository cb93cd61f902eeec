package org.screening.workers.data;

import java.util.Objects;

/**
 * One example resized to the model input.
 *
 * @param id     unique within its dataset; traceable to the source file or array index
 * @param group  what must stay on one side of a split (patient, lesion, volume slab); {@code null}
 *               means the sample is its own group
 * @param pixels height*width*3 floats in [0,1], row-major, RGB (one NHWC image)
 * @param label  class index into {@link Dataset#classNames()}, or -1 where the dataset has no classes
 * @param mask   height*width values in {0,1} for {@link Task#SEGMENT}, otherwise {@code null}
 */
public record Sample(String id, String group, float[] pixels, int label, float[] mask) {

  public Sample {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(pixels, "pixels");
    group = group == null ? id : group;
  }
}
