package org.screening.workers.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;

/** Writes small fixture images in the formats the loaders meet. */
final class TestImages {

  private TestImages() {
  }

  /** An RGB image whose pixel (x, y) is colour.applyAsInt(x, y) as 0xRRGGBB; format "png", "jpg" or "bmp". */
  static Path write(Path file, int width, int height, IntBinaryOperator colour, String format) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, colour.applyAsInt(x, y));
      }
    }
    return write(file, image, format);
  }

  static Path solid(Path file, int width, int height, int rgb, String format) {
    return write(file, width, height, (x, y) -> rgb, format);
  }

  /** A white-on-black mask: foreground where inside.applyAsInt(x, y) != 0. */
  static Path mask(Path file, int width, int height, IntBinaryOperator inside, String format) {
    return write(file, width, height, (x, y) -> inside.applyAsInt(x, y) != 0 ? 0xffffff : 0, format);
  }

  static Path write(Path file, BufferedImage image, String format) {
    try {
      Files.createDirectories(file.getParent());
      if (!ImageIO.write(image, format, file.toFile())) {
        throw new IllegalStateException("no ImageIO writer for " + format + " and image type " + image.getType());
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double mean(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
