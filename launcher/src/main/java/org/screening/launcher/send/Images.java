package org.screening.launcher.send;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Encodes what {@code send} read into the bytes a frame carries. */
final class Images {

  private Images() {}

  static byte[] png(BufferedImage image) {
    return encode(image, "png");
  }

  static byte[] jpeg(BufferedImage image) {
    return encode(image, "jpeg");
  }

  private static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no " + format + " writer for this image type");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode an image in memory", e);
    }
    return out.toByteArray();
  }
}
