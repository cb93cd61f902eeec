package org.screening.workers.decode;

import org.screening.schemas.DeadLetterReason;
import org.screening.schemas.validation.ImageHeader;
import org.screening.workers.config.WorkerConfig;

/** The largest image the worker agrees to decode; checked on headers, before allocating pixels. */
public record DecodeLimits(int maxBytes, int maxWidth, int maxHeight, long maxPixels,
    int maxChannels) {

  public static DecodeLimits from(WorkerConfig config) {
    return new DecodeLimits(
        config.getInt(WorkerConfig.DECODE_MAX_BYTES),
        config.getInt(WorkerConfig.DECODE_MAX_WIDTH),
        config.getInt(WorkerConfig.DECODE_MAX_HEIGHT),
        config.getLong(WorkerConfig.DECODE_MAX_PIXELS),
        config.getInt(WorkerConfig.DECODE_MAX_CHANNELS));
  }

  void checkBytes(int length) throws RejectedFrameException {
    if (length > maxBytes) {
      throw new RejectedFrameException(DeadLetterReason.IMAGE_TOO_LARGE,
          "image is " + length + " bytes, over the limit of " + maxBytes);
    }
  }

  /** @param source what the size comes from, for the message ("frame", "PNG header") */
  void checkSize(ImageHeader size, String source) throws RejectedFrameException {
    long pixels = (long) size.width() * size.height();
    if (size.width() > maxWidth || size.height() > maxHeight || pixels > maxPixels
        || size.channels() > maxChannels) {
      throw new RejectedFrameException(DeadLetterReason.IMAGE_TOO_LARGE, source + " says "
          + size.describe() + ", over the limits of " + maxWidth + "x" + maxHeight + ", "
          + maxPixels + " pixels, " + maxChannels + " channels");
    }
  }
}
