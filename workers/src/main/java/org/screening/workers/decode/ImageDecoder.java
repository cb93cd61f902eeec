package org.screening.workers.decode;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.screening.schemas.DeadLetterReason;
import org.screening.schemas.v1.ImageEncoding;
import org.screening.schemas.validation.ImageHeader;
import org.screening.schemas.validation.ImageHeaders;
import org.screening.workers.data.Images;

/**
 * Turns a frame's pixel bytes into RGB floats, refusing anything over the {@link DecodeLimits}
 * before a pixel buffer is allocated: PNG and JPEG headers are read by {@link ImageHeaders} (the
 * gateway's reader too, so both doors refuse the same images), raw sizes come from the frame.
 * The header must agree with the frame's width, height and channels.
 *
 * <p>Conversions, all through {@link Images#rgb} so that serving sees what training saw: grey is
 * replicated to three channels; alpha is dropped (RGBA and grey + alpha PNG, 4- and 2-channel
 * raw); a palette PNG counts as 3 channels and is looked up; 16-bit PNG samples are scaled by
 * 65535 at full precision, not cut to 8 bits first. A JPEG is turned as its EXIF orientation
 * says, so the pixels screened (and a mask's) are those a viewer shows; width and height then
 * swap for a quarter turn. A JPEG that decodes with warnings (truncated data) is refused rather
 * than screened half grey.
 */
public final class ImageDecoder {

  static {
    // As in Images: the default cache writes a temporary file per image.
    ImageIO.setUseCache(false);
  }

  private final DecodeLimits limits;

  public ImageDecoder(DecodeLimits limits) {
    this.limits = limits;
  }

  /**
   * @param declared the frame's encoding, width, height and channels
   * @throws RejectedFrameException IMAGE_TOO_LARGE, SIZE_MISMATCH, CORRUPT_IMAGE or
   *     UNSUPPORTED_IMAGE
   */
  public DecodedImage decode(ByteBuffer pixels, ImageHeader declared)
      throws RejectedFrameException {
    limits.checkBytes(pixels.remaining());
    limits.checkSize(declared, "frame");
    ByteBuffer heap = onHeap(pixels);
    if (declared.encoding() == ImageEncoding.RAW_U8) {
      return raw(heap, declared);
    }
    ImageHeader header =
        ImageHeaders.read(declared.encoding(), heap).orElseThrow(RejectedFrameException::new);
    String format = declared.encoding() == ImageEncoding.PNG ? "png" : "jpeg";
    DecodedImage stored = encoded(format, header, heap, declared);
    if (declared.encoding() != ImageEncoding.JPEG) {
      return stored;
    }
    int orientation = ExifOrientation.of(heap);
    boolean swapped = ExifOrientation.swapsSides(orientation);
    return new DecodedImage(swapped ? stored.height() : stored.width(),
        swapped ? stored.width() : stored.height(),
        ExifOrientation.apply(orientation, stored.rgb(), stored.width(), stored.height()));
  }

  private DecodedImage raw(ByteBuffer bytes, ImageHeader declared) throws RejectedFrameException {
    ImageHeaders.raw(bytes.remaining(), declared.width(), declared.height(), declared.channels())
        .orElseThrow(RejectedFrameException::new);
    byte[] data = bytes.array();
    int offset = bytes.arrayOffset() + bytes.position();
    int channels = declared.channels();
    if (channels == 2 || channels == 4) {
      data = dropAlpha(data, offset, declared.width() * declared.height(), channels);
      offset = 0;
      channels--;
    }
    return new DecodedImage(declared.width(), declared.height(),
        Images.rgbFromBytes(data, offset, declared.height(), declared.width(), channels));
  }

  private DecodedImage encoded(String format, ImageHeader header, ByteBuffer bytes,
      ImageHeader declared) throws RejectedFrameException {
    limits.checkSize(header, format.toUpperCase() + " header");
    if (!header.equals(declared)) {
      throw new RejectedFrameException(DeadLetterReason.SIZE_MISMATCH, "frame says "
          + declared.describe() + ", its " + format.toUpperCase() + " header says "
          + header.describe());
    }
    BufferedImage image = read(format, bytes);
    if (image.getWidth() != header.width() || image.getHeight() != header.height()) {
      throw new RejectedFrameException(DeadLetterReason.CORRUPT_IMAGE, format.toUpperCase()
          + " decoded to " + image.getWidth() + "x" + image.getHeight() + ", its header says "
          + header.width() + "x" + header.height());
    }
    return new DecodedImage(image.getWidth(), image.getHeight(), Images.rgb(image));
  }

  private static BufferedImage read(String format, ByteBuffer bytes) throws RejectedFrameException {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
    if (!readers.hasNext()) {
      throw new IllegalStateException("This JVM has no " + format + " image reader");
    }
    ImageReader reader = readers.next();
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(
        bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining()))) {
      reader.setInput(in, true, true);
      BufferedImage image = reader.read(0);
      if (!warnings.isEmpty()) {
        throw new RejectedFrameException(DeadLetterReason.CORRUPT_IMAGE,
            format.toUpperCase() + " decoded with warnings: " + String.join("; ", warnings));
      }
      return image;
    } catch (IOException | RuntimeException e) {
      // Image readers signal bad data with assorted runtime exceptions too.
      throw new RejectedFrameException(DeadLetterReason.CORRUPT_IMAGE,
          "cannot decode " + format.toUpperCase() + ": " + e, e);
    } finally {
      reader.dispose();
    }
  }

  /** Pixels of {@code channels} samples, the last one alpha, without it. */
  private static byte[] dropAlpha(byte[] withAlpha, int offset, int pixels, int channels) {
    byte[] without = new byte[pixels * (channels - 1)];
    for (int i = 0; i < pixels; i++) {
      System.arraycopy(withAlpha, offset + i * channels, without, i * (channels - 1),
          channels - 1);
    }
    return without;
  }

  private static ByteBuffer onHeap(ByteBuffer bytes) {
    if (bytes.hasArray()) {
      return bytes;
    }
    ByteBuffer copy = ByteBuffer.allocate(bytes.remaining());
    copy.put(bytes.duplicate()).flip();
    return copy;
  }
}
