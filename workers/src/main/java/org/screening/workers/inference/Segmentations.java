package org.screening.workers.inference;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;
import org.screening.schemas.v1.BoundingBox;
import org.screening.schemas.v1.Segmentation;

/**
 * A segmentation model's per-pixel foreground probabilities as a result's segmentation: the mask
 * at the model's resolution, thresholded at 0.5 (as {@code screening predict} does), as an 8-bit
 * grey PNG (0 background, 255 foreground), with its foreground fraction and bounding box.
 */
public final class Segmentations {

  static {
    // As in Images: the default cache writes a temporary file per image.
    ImageIO.setUseCache(false);
  }

  private static final float THRESHOLD = 0.5f;

  private Segmentations() {}

  public static Segmentation of(float[] probabilities, int width, int height) {
    if (probabilities.length != width * height) {
      throw new IllegalArgumentException(probabilities.length + " mask values for a " + width
          + "x" + height + " mask");
    }
    BufferedImage mask = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    byte[] pixels = ((DataBufferByte) mask.getRaster().getDataBuffer()).getData();
    int foreground = 0;
    int minX = width;
    int minY = height;
    int maxX = -1;
    int maxY = -1;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (probabilities[y * width + x] >= THRESHOLD) {
          pixels[y * width + x] = (byte) 255;
          foreground++;
          minX = Math.min(minX, x);
          minY = Math.min(minY, y);
          maxX = Math.max(maxX, x);
          maxY = Math.max(maxY, y);
        }
      }
    }
    BoundingBox box = foreground == 0 ? null : BoundingBox.newBuilder()
        .setX(minX).setY(minY).setWidth(maxX - minX + 1).setHeight(maxY - minY + 1).build();
    return Segmentation.newBuilder()
        .setMaskPng(ByteBuffer.wrap(png(mask)))
        .setWidth(width)
        .setHeight(height)
        .setForegroundFraction((float) foreground / (width * height))
        .setBbox(box)
        .build();
  }

  private static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a PNG to memory", e);
    }
    return out.toByteArray();
  }
}
