package org.screening.workers.decode;

import org.screening.schemas.DeadLetterReason;

/**
 * A frame the worker will not screen, with the dead-letter reason to file it under. The message
 * becomes the dead-letter cause header, so it names sizes, encodings and ids, never pixel values.
 */
public final class RejectedFrameException extends Exception {

  private final DeadLetterReason reason;

  public RejectedFrameException(DeadLetterReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public RejectedFrameException(DeadLetterReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public DeadLetterReason reason() {
    return reason;
  }
}
