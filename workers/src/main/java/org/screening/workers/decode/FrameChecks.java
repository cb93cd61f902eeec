package org.screening.workers.decode;

import org.screening.schemas.v1.Frame;
import org.screening.schemas.validation.FrameFields;
import org.screening.schemas.validation.ImageHeader;

/** The frame contract checks that need no pixels, as {@link FrameFields} states them for both doors. */
public final class FrameChecks {

  private FrameChecks() {}

  /** @throws RejectedFrameException INVALID_FRAME, naming the first broken rule */
  public static void validate(Frame frame) throws RejectedFrameException {
    FrameFields.check(frame).orElseThrow(RejectedFrameException::new);
  }

  /** What the frame says of its image, to hold the image's header to. */
  public static ImageHeader declared(Frame frame) {
    return new ImageHeader(frame.getEncoding(), frame.getWidth(), frame.getHeight(),
        frame.getChannels());
  }
}
