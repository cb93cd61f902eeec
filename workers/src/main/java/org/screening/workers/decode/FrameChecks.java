package org.screening.workers.decode;

import java.util.Set;
import org.screening.schemas.DeadLetterReason;
import org.screening.schemas.v1.Frame;

/** The frame contract checks that need no pixels: what the schema's docs require of a producer. */
public final class FrameChecks {

  private static final Set<Integer> CHANNELS = Set.of(1, 3, 4);

  private FrameChecks() {}

  /** @throws RejectedFrameException INVALID_FRAME, naming the first broken rule */
  public static void validate(Frame frame) throws RejectedFrameException {
    if (frame.getFrameId().isBlank()) {
      throw invalid("frame_id is empty");
    }
    if (frame.getFeedId().isBlank()) {
      throw invalid("frame " + frame.getFrameId() + " has an empty feed_id");
    }
    if ((frame.getPixels() == null) == (frame.getPixelsRef() == null)) {
      throw invalid("frame " + frame.getFrameId()
          + " must set exactly one of pixels and pixels_ref");
    }
    if (frame.getTasks().isEmpty()) {
      throw invalid("frame " + frame.getFrameId() + " requests no task");
    }
    if (frame.getWidth() <= 0 || frame.getHeight() <= 0) {
      throw invalid("frame " + frame.getFrameId() + " has a size of " + frame.getWidth() + "x"
          + frame.getHeight());
    }
    if (!CHANNELS.contains(frame.getChannels())) {
      throw invalid("frame " + frame.getFrameId() + " has " + frame.getChannels()
          + " channels; 1, 3 or 4 are accepted");
    }
  }

  private static RejectedFrameException invalid(String message) {
    return new RejectedFrameException(DeadLetterReason.INVALID_FRAME, message);
  }
}
