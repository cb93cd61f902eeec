package org.screening.gateway.ingest;

import org.screening.gateway.http.HttpProblem;
import org.screening.gateway.ingest.SubmissionOptions.RawShape;

/**
 * Turns a received part into a {@link FrameImage}: the declared media type picks the header
 * reader, the header gives the size, and the size must be within the limits.
 * {@code application/octet-stream} means raw pixels when a shape is given; without one, a PNG or
 * JPEG sent as octet-stream (as some tools do) is recognised by its signature.
 */
final class ImageInspector {

  private final IngestLimits limits;

  ImageInspector(IngestLimits limits) {
    this.limits = limits;
  }

  FrameImage inspect(ImagePart part, RawShape shape) {
    byte[] bytes = part.bytes();
    if (bytes.length == 0) {
      throw HttpProblem.badImage("The image is empty");
    }
    ImageHeader header = switch (part.mediaType()) {
      case MediaTypes.PNG -> ImageSniffer.png(bytes);
      case MediaTypes.JPEG -> ImageSniffer.jpeg(bytes);
      case MediaTypes.RAW -> raw(bytes, shape);
      default -> throw HttpProblem.unsupportedMediaType("Images are image/png, image/jpeg or "
          + "application/octet-stream (raw u8 with width, height, channels)");
    };
    if (header.width() > limits.maxWidth() || header.height() > limits.maxHeight()) {
      throw HttpProblem.payloadTooLarge("The image is " + header.width() + "x" + header.height()
          + " pixels; the largest accepted is " + limits.maxWidth() + "x" + limits.maxHeight());
    }
    return new FrameImage(header, bytes);
  }

  private static ImageHeader raw(byte[] bytes, RawShape shape) {
    if (!shape.given()) {
      if (ImageSniffer.looksEncoded(bytes)) {
        return (bytes[0] & 0xFF) == 0x89 ? ImageSniffer.png(bytes) : ImageSniffer.jpeg(bytes);
      }
      throw HttpProblem.badRequest(
          "Raw pixels (application/octet-stream) need width, height and channels");
    }
    if (shape.width() == null || shape.height() == null || shape.channels() == null) {
      throw HttpProblem.badRequest("Raw pixels need all of width, height and channels");
    }
    return ImageSniffer.raw(bytes, shape.width(), shape.height(), shape.channels());
  }
}
