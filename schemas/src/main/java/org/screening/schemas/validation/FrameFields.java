package org.screening.schemas.validation;

import java.util.Set;
import org.screening.schemas.DeadLetterReason;
import org.screening.schemas.v1.Frame;

/**
 * The rules Frame.avsc states for a frame's fields, checked without the pixels. Every refusal
 * is {@link DeadLetterReason#INVALID_FRAME}; the detail names the rule, not the frame.
 */
public final class FrameFields {

  /** Channels a frame may declare: grey, grey + alpha, colour, colour + alpha. */
  public static final Set<Integer> CHANNELS = Set.of(1, 2, 3, 4);

  private FrameFields() {}

  public static Verdict<Frame> check(Frame frame) {
    if (frame.getFrameId().isBlank()) {
      return invalid("frame_id is empty");
    }
    // Results go to the tenant's subscribers: a frame of no tenant would be screened for nobody.
    if (frame.getTenant().isBlank()) {
      return invalid("tenant is empty");
    }
    if (frame.getFeedId().isBlank()) {
      return invalid("feed_id is empty");
    }
    if ((frame.getPixels() == null) == (frame.getPixelsRef() == null)) {
      return invalid("a frame sets exactly one of pixels and pixels_ref");
    }
    if (frame.getTasks().isEmpty()) {
      return invalid("the frame requests no task");
    }
    if (frame.getWidth() <= 0 || frame.getHeight() <= 0) {
      return invalid("the frame declares a size of " + frame.getWidth() + "x" + frame.getHeight());
    }
    if (!CHANNELS.contains(frame.getChannels())) {
      return invalid("the frame declares " + frame.getChannels()
          + " channels; 1, 2, 3 or 4 are accepted");
    }
    return Verdict.accept(frame);
  }

  private static Verdict<Frame> invalid(String detail) {
    return Verdict.refuse(DeadLetterReason.INVALID_FRAME, detail);
  }
}
