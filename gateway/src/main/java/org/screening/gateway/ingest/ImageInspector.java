package org.screening.gateway.ingest;

import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import org.screening.gateway.http.HttpProblem;
import org.screening.gateway.ingest.SubmissionOptions.RawShape;
import org.screening.schemas.DeadLetterReason;
import org.screening.schemas.v1.ImageEncoding;
import org.screening.schemas.validation.ImageHeader;
import org.screening.schemas.validation.ImageHeaders;
import org.screening.schemas.validation.Verdict;

/**
 * Turns a received part into a {@link FrameImage}: the declared media type picks the header
 * reader (the workers' own, {@link ImageHeaders}, so both doors refuse the same images), the
 * header gives the size, and the size must be within the limits. A refusal is a problem document
 * carrying, as {@code reason}, the dead-letter reason a worker would file the same image under.
 * {@code application/octet-stream} means raw pixels when a shape is given; without one, a PNG or
 * JPEG sent as octet-stream (as some tools do) is recognised by its signature.
 */
final class ImageInspector {

  private final IngestLimits limits;

  ImageInspector(IngestLimits limits) {
    this.limits = limits;
  }

  FrameImage inspect(ImagePart part, RawShape shape) {
    ByteBuffer bytes = ByteBuffer.wrap(part.bytes());
    ImageHeader header = switch (part.mediaType()) {
      case MediaTypes.PNG -> checked(ImageHeaders.read(ImageEncoding.PNG, bytes));
      case MediaTypes.JPEG -> checked(ImageHeaders.read(ImageEncoding.JPEG, bytes));
      case MediaTypes.RAW -> raw(bytes, shape);
      default -> throw HttpProblem.unsupportedMediaType("Images are image/png, image/jpeg or "
          + "application/octet-stream (raw u8 with width, height, channels)");
    };
    if (header.width() > limits.maxWidth() || header.height() > limits.maxHeight()) {
      throw problem(DeadLetterReason.IMAGE_TOO_LARGE, "The image is " + header.width() + "x"
          + header.height() + " pixels; the largest accepted is " + limits.maxWidth() + "x"
          + limits.maxHeight());
    }
    return new FrameImage(header, part.bytes());
  }

  private static ImageHeader raw(ByteBuffer bytes, RawShape shape) {
    if (!shape.given()) {
      if (ImageHeaders.looksEncoded(bytes)) {
        return checked(ImageHeaders.read(
            ImageHeaders.isPng(bytes) ? ImageEncoding.PNG : ImageEncoding.JPEG, bytes));
      }
      throw HttpProblem.badRequest(
          "Raw pixels (application/octet-stream) need width, height and channels");
    }
    if (shape.width() == null || shape.height() == null || shape.channels() == null) {
      throw HttpProblem.badRequest("Raw pixels need all of width, height and channels");
    }
    return checked(ImageHeaders.raw(bytes.remaining(), shape.width(), shape.height(),
        shape.channels()));
  }

  private static ImageHeader checked(Verdict<ImageHeader> verdict) {
    return verdict.orElseThrow(ImageInspector::problem);
  }

  private static HttpProblem problem(DeadLetterReason reason, String detail) {
    String sentence = Character.toUpperCase(detail.charAt(0)) + detail.substring(1);
    HttpProblem problem = switch (reason) {
      case IMAGE_TOO_LARGE -> HttpProblem.payloadTooLarge(sentence);
      case INVALID_FRAME -> HttpProblem.badRequest(sentence);
      default -> HttpProblem.badImage(sentence);
    };
    return problem.with(new JsonObject().put("reason", reason.name()));
  }
}
