package org.screening.gateway.fanout;

import org.screening.schemas.v1.FrameRef;
import org.screening.schemas.v1.Result;

/**
 * Where a frame of {@code tenant} lies on Kafka, as its result's {@code frame_ref} says; the
 * tenant travels with it so that the image is only ever served to the frame's own tenant.
 */
record FramePosition(String tenant, String topic, int partition, long offset) {

  /** The position {@code result} names, or null when it names none (an older worker). */
  static FramePosition of(Result result) {
    FrameRef ref = result.getFrameRef();
    return ref == null ? null : new FramePosition(
        result.getTenant(), ref.getTopic(), ref.getPartition(), ref.getOffset());
  }
}
