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
import org.screening.workers.data.Images;

/**
 * A segmentation model's per-pixel foreground probabilities as a result's segmentation: the mask
 * at the frame's resolution, thresholded at 0.5 (as {@code screening predict} does), as an 8-bit
 * grey PNG (0 background, 255 foreground), with its foreground fraction and bounding box in the
 * frame's pixels, so a viewer overlays it on the frame as it is.
 */
public final class Segmentations {

  static {
    // As in Images: the default cache writes a temporary file per image.
    ImageIO.setUseCache(false);
  }

  private static final float THRESHOLD = 0.5f;
  private static final double LN_2 = Math.log(2);

  private Segmentations() {}

  /**
   * @param probabilities the model's output, {@code modelWidth x modelHeight}, row-major
   * @param width the frame's width, which the mask is given at
   * @param height the frame's height
   */
  public static Segmentation of(float[] probabilities, int modelWidth, int modelHeight, int width,
      int height) {
    if (probabilities.length != modelWidth * modelHeight) {
      throw new IllegalArgumentException(probabilities.length + " mask values for a "
          + modelWidth + "x" + modelHeight + " mask");
    }
    // Bilinear on the probabilities, then the threshold, rather than nearest on the thresholded
    // mask: the edge falls where the model's 0.5 contour crosses between its pixels, instead of
    // in steps as large as one model pixel on the frame (8 frame pixels for a 1024-wide frame
    // and a 128-wide model). And it is the resize (half-pixel centres) that took the frame to
    // the model's size, so the mask lines up with what the model saw.
    float[] atFrame = modelWidth == width && modelHeight == height ? probabilities
        : Images.resizeBilinear(probabilities, modelHeight, modelWidth, 1, height, width);
    BufferedImage mask = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    byte[] pixels = ((DataBufferByte) mask.getRaster().getDataBuffer()).getData();
    int foreground = 0;
    int minX = width;
    int minY = height;
    int maxX = -1;
    int maxY = -1;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (atFrame[y * width + x] >= THRESHOLD) {
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
        .setForegroundFraction((float) foreground / ((long) width * height))
        .setBbox(box)
        .build();
  }

  /**
   * The result's uncertainty: the mean over the model's pixels of the binary entropy of each
   * pixel's foreground probability, over ln 2, so 0 when every pixel is 0 or 1 and 1 when every
   * pixel is 0.5. Taken on the model's own outputs, not the resized ones: those are the
   * predictions, interpolated values are not, and the model's grid is the smaller.
   */
  public static float uncertainty(float[] probabilities) {
    if (probabilities.length == 0) {
      return 0f;
    }
    double sum = 0;
    for (float value : probabilities) {
      // Sigmoid outputs stay in [0, 1]; the clamp keeps a stray rounding out of the logarithms.
      double p = Math.min(1, Math.max(0, value));
      if (p > 0 && p < 1) {
        sum -= p * Math.log(p) + (1 - p) * Math.log(1 - p);
      }
    }
    return (float) Math.min(1, sum / probabilities.length / LN_2);
  }

  static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a PNG to memory", e);
    }
    return out.toByteArray();
  }
}
