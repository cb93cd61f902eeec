package org.screening.workers.decode;

import java.nio.ByteBuffer;
import org.screening.schemas.DeadLetterReason;
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

  /**
   * The inline pixel bytes. References are refused: reading a URI named by a message is a
   * door into the worker's file system and network, so it waits for an allow-list of roots.
   */
  public static ByteBuffer pixels(Frame frame) throws RejectedFrameException {
    if (frame.getPixels() == null) {
      throw new RejectedFrameException(DeadLetterReason.CORRUPT_IMAGE, "the frame references "
          + "its pixels (pixels_ref); this worker reads inline pixels only");
    }
    return frame.getPixels();
  }
}
