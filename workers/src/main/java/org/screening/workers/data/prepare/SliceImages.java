package org.screening.workers.data.prepare;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.screening.workers.data.Images;

/** Turns slices into square 8-bit PNGs with true physical proportions. */
final class SliceImages {

  private SliceImages() {
  }

  /**
   * Resamples a slice of values in [0,1] onto size x size pixels: scaled so its longer physical
   * side fills the square, centred, the rest black. Stretching instead would distort anatomy
   * differently per plane (and per CT slice thickness), a cue a plane classifier should not get.
   * Masks use nearest neighbour, images the shared bilinear resize.
   */
  static float[] fitToSquare(VolumeSlice slice, int size, boolean mask) {
    double physicalWidth = slice.width() * slice.spacingX();
    double physicalHeight = slice.height() * slice.spacingY();
    double pixelsPerMm = size / Math.max(physicalWidth, physicalHeight);
    int width = Math.max(1, Math.min(size, (int) Math.round(physicalWidth * pixelsPerMm)));
    int height = Math.max(1, Math.min(size, (int) Math.round(physicalHeight * pixelsPerMm)));
    float[] fitted = mask
        ? Images.resizeNearest(slice.values(), slice.height(), slice.width(), 1, height, width)
        : Images.resizeBilinear(slice.values(), slice.height(), slice.width(), 1, height, width);
    float[] out = new float[size * size];
    int top = (size - height) / 2;
    int left = (size - width) / 2;
    for (int row = 0; row < height; row++) {
      System.arraycopy(fitted, row * width, out, (top + row) * size + left, width);
    }
    return out;
  }

  /** Grey values in [0,1] as an RGB PNG (three equal channels: the models take RGB input). */
  static void writeRgb(float[] grey, int size, Path file) throws IOException {
    write(grey, size, BufferedImage.TYPE_3BYTE_BGR, file);
  }

  /** A {0,1} mask as a black-and-white 8-bit PNG (0 and 255). */
  static void writeMask(float[] mask, int size, Path file) throws IOException {
    write(mask, size, BufferedImage.TYPE_BYTE_GRAY, file);
  }

  private static void write(float[] values, int size, int type, Path file) throws IOException {
    BufferedImage image = new BufferedImage(size, size, type);
    WritableRaster raster = image.getRaster();
    int[] pixel = new int[raster.getNumBands()];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        Arrays.fill(pixel, Math.round(values[y * size + x] * 255));
        raster.setPixel(x, y, pixel);
      }
    }
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException(file + ": no PNG writer");
    }
  }
}
