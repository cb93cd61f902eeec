package org.screening.schemas.validation;

import org.screening.schemas.v1.ImageEncoding;

/**
 * What an image's header says, read before any pixel is decoded: the stored size (before any
 * EXIF orientation is applied) and the channels as a frame declares them.
 *
 * @param channels 1 grey, 2 grey + alpha, 3 colour (palette PNGs too), 4 colour + alpha
 */
public record ImageHeader(ImageEncoding encoding, int width, int height, int channels) {

  /** {@code 32x24x3}, for messages. */
  public String describe() {
    return width + "x" + height + "x" + channels;
  }
}
