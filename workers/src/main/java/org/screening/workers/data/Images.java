package org.screening.workers.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * The one place where images become model input: decoding, conversion to RGB floats in [0,1],
 * resizing, and mask binarisation. Every loader and the data preparation go through here, and
 * inference preprocessing should too, so that a model sees pixels prepared one way.
 *
 * <p>Arrays are row-major; colour arrays interleave R, G, B per pixel (NHWC without the N).
 */
public final class Images {

  /** v / 255f for every byte value v: a lookup is cheaper than the division, and equal to it. */
  private static final float[] UNIT_BYTE = new float[256];

  static {
    for (int v = 0; v < 256; v++) {
      UNIT_BYTE[v] = v / 255f;
    }
    // The default cache writes a temporary file per decoded image: about 10x slower on small images.
    ImageIO.setUseCache(false);
  }

  private Images() {
  }

  /** Decodes an image, naming the file in every failure. */
  public static BufferedImage read(Path file) throws IOException {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new IOException(file + ": unreadable image (" + e.getMessage() + ")", e);
    }
    if (image == null) {
      throw new IOException(file + ": unreadable image (no decoder recognises it)");
    }
    return image;
  }

  /** Decodes an image and resizes it bilinearly to height x width RGB floats. */
  public static float[] loadRgb(Path file, int height, int width) throws IOException {
    BufferedImage image = read(file);
    return resizeBilinear(rgb(image), image.getHeight(), image.getWidth(), 3, height, width);
  }

  /** Decodes a mask image, resizes it by nearest neighbour and binarises it to {0,1}. */
  public static float[] loadMask(Path file, int height, int width) throws IOException {
    BufferedImage image = read(file);
    return binarise(resizeNearest(brightest(rgb(image)), image.getHeight(), image.getWidth(), 1, height, width));
  }

  /**
   * RGB floats in [0,1] at the image's own size. Grey becomes three equal channels, palettes are
   * looked up, alpha is dropped, and 16-bit samples are scaled by 65535.
   */
  public static float[] rgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    boolean integerSamples = raster.getTransferType() == DataBuffer.TYPE_BYTE
        || raster.getTransferType() == DataBuffer.TYPE_USHORT;
    if (cm instanceof ComponentColorModel && isInterleavedBytes(raster, cm)) {
      return rgbFromInterleaved(raster, cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY);
    }
    if (cm instanceof ComponentColorModel && integerSamples) {
      // Read samples directly: getRGB would push grey through a linear-to-sRGB conversion and
      // change the values, and would cut 16-bit samples to 8 bits.
      int colourType = cm.getColorSpace().getType();
      if (colourType == ColorSpace.TYPE_GRAY) {
        float[] grey = band(raster, 0, cm.getComponentSize(0));
        return greyToRgb(grey);
      }
      if (cm.getColorSpace().isCS_sRGB()) {
        float[] out = new float[h * w * 3];
        for (int c = 0; c < 3; c++) {
          float[] channel = band(raster, c, cm.getComponentSize(c));
          for (int i = 0; i < channel.length; i++) {
            out[i * 3 + c] = channel[i];
          }
        }
        return out;
      }
    }
    // Palettes, packed pixels and non-sRGB colour spaces: let Java convert to sRGB.
    float[] out = new float[h * w * 3];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int p = (y * w + x) * 3;
        out[p] = ((row[x] >> 16) & 0xff) / 255f;
        out[p + 1] = ((row[x] >> 8) & 0xff) / 255f;
        out[p + 2] = (row[x] & 0xff) / 255f;
      }
    }
    return out;
  }

  /**
   * True for 8-bit grey or sRGB samples interleaved in one byte array: what PNG and JPEG decode
   * to, and worth reading straight from that array (sample by sample through the raster costs
   * about as much as decoding the PNG).
   */
  private static boolean isInterleavedBytes(Raster raster, ColorModel cm) {
    if (!(raster.getDataBuffer() instanceof DataBufferByte bytes) || bytes.getNumBanks() != 1
        || !(raster.getSampleModel() instanceof ComponentSampleModel)) {
      return false;
    }
    ColorSpace space = cm.getColorSpace();
    if (space.getType() != ColorSpace.TYPE_GRAY && !space.isCS_sRGB()) {
      return false;
    }
    for (int size : cm.getComponentSize()) {
      if (size != 8) {
        return false;
      }
    }
    return true;
  }

  private static float[] rgbFromInterleaved(Raster raster, boolean grey) {
    ComponentSampleModel model = (ComponentSampleModel) raster.getSampleModel();
    DataBufferByte buffer = (DataBufferByte) raster.getDataBuffer();
    byte[] data = buffer.getData();
    int pixelStride = model.getPixelStride();
    int rowStride = model.getScanlineStride();
    int[] offsets = model.getBandOffsets();
    int width = raster.getWidth();
    int height = raster.getHeight();
    int origin = buffer.getOffset() - raster.getSampleModelTranslateY() * rowStride
        - raster.getSampleModelTranslateX() * pixelStride;
    int r = offsets[0];
    int g = offsets[grey ? 0 : 1];
    int b = offsets[grey ? 0 : 2];
    float[] out = new float[height * width * 3];
    int o = 0;
    for (int y = 0; y < height; y++) {
      int p = origin + y * rowStride;
      for (int x = 0; x < width; x++, p += pixelStride) {
        out[o++] = UNIT_BYTE[data[p + r] & 0xff];
        out[o++] = UNIT_BYTE[data[p + g] & 0xff];
        out[o++] = UNIT_BYTE[data[p + b] & 0xff];
      }
    }
    return out;
  }

  /** RGB floats from raw 8-bit pixels with 1 (grey) or 3 (RGB) interleaved channels. */
  public static float[] rgbFromBytes(byte[] data, int offset, int height, int width, int channels) {
    int n = height * width;
    float[] out = new float[n * 3];
    if (channels == 1) {
      for (int i = 0; i < n; i++) {
        float v = (data[offset + i] & 0xff) / 255f;
        out[i * 3] = v;
        out[i * 3 + 1] = v;
        out[i * 3 + 2] = v;
      }
    } else if (channels == 3) {
      for (int i = 0; i < n * 3; i++) {
        out[i] = (data[offset + i] & 0xff) / 255f;
      }
    } else {
      throw new IllegalArgumentException("expected 1 or 3 channels, got " + channels);
    }
    return out;
  }

  /**
   * Bilinear resize with half-pixel centres. When shrinking, the triangle filter is widened by
   * the shrink factor so every source pixel contributes (as PIL's bilinear and
   * tf.image.resize(antialias=True) do); plain 2-tap bilinear would sample one pixel in twenty
   * when a 600-pixel photo becomes 28 pixels. Enlarging is ordinary bilinear with edge clamping.
   */
  public static float[] resizeBilinear(float[] src, int height, int width, int channels,
                     int outHeight, int outWidth) {
    checkSize(src, height, width, channels);
    if (height == outHeight && width == outWidth) {
      return src.clone();
    }
    Taps columns = Taps.triangle(width, outWidth);
    Taps rows = Taps.triangle(height, outHeight);
    // Both passes resample whole lines at once, so that the sums of neighbouring values are
    // independent chains the CPU overlaps; each value's terms are still added in tap order.
    float[] wide = new float[height * outWidth * channels];
    for (int y = 0; y < height; y++) {
      for (int c = 0; c < channels; c++) {
        columns.resampleStrided(src, y * width * channels + c, channels, wide,
            y * outWidth * channels + c);
      }
    }
    float[] out = new float[outHeight * outWidth * channels];
    rows.resample(wide, 0, outWidth * channels, out, 0);
    return out;
  }

  /** Nearest-neighbour resize with half-pixel centres: never invents values, as masks require. */
  public static float[] resizeNearest(float[] src, int height, int width, int channels,
                    int outHeight, int outWidth) {
    checkSize(src, height, width, channels);
    float[] out = new float[outHeight * outWidth * channels];
    for (int y = 0; y < outHeight; y++) {
      int sy = Math.min(height - 1, (int) ((y + 0.5) * height / outHeight));
      for (int x = 0; x < outWidth; x++) {
        int sx = Math.min(width - 1, (int) ((x + 0.5) * width / outWidth));
        System.arraycopy(src, (sy * width + sx) * channels, out, (y * outWidth + x) * channels, channels);
      }
    }
    return out;
  }

  /** 1 where a value exceeds half of full scale, else 0. */
  public static float[] binarise(float[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] > 0.5f ? 1f : 0f;
    }
    return out;
  }

  /** Per pixel the largest of R, G, B, so a mask drawn in any colour counts as foreground. */
  static float[] brightest(float[] rgb) {
    float[] out = new float[rgb.length / 3];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.max(rgb[i * 3], Math.max(rgb[i * 3 + 1], rgb[i * 3 + 2]));
    }
    return out;
  }

  private static float[] band(Raster raster, int band, int bits) {
    int[] samples = raster.getSamples(0, 0, raster.getWidth(), raster.getHeight(), band, (int[]) null);
    float scale = (1 << bits) - 1;
    float[] out = new float[samples.length];
    for (int i = 0; i < samples.length; i++) {
      out[i] = samples[i] / scale;
    }
    return out;
  }

  private static float[] greyToRgb(float[] grey) {
    float[] out = new float[grey.length * 3];
    for (int i = 0; i < grey.length; i++) {
      out[i * 3] = grey[i];
      out[i * 3 + 1] = grey[i];
      out[i * 3 + 2] = grey[i];
    }
    return out;
  }

  private static void checkSize(float[] src, int height, int width, int channels) {
    if (src.length != height * width * channels) {
      throw new IllegalArgumentException(src.length + " values do not make a " + height + "x" + width
          + "x" + channels + " image");
    }
  }

  /** For each output position along one axis: the first source index and the normalised weights. */
  private record Taps(int[] first, double[][] weights) {

    static Taps triangle(int in, int out) {
      double scale = (double) in / out;
      double radius = Math.max(scale, 1.0);
      int[] first = new int[out];
      double[][] weights = new double[out][];
      for (int o = 0; o < out; o++) {
        double centre = (o + 0.5) * scale;
        int lo = Math.max(0, (int) Math.floor(centre - radius));
        int hi = Math.min(in, (int) Math.ceil(centre + radius));
        double[] w = new double[hi - lo];
        double total = 0;
        for (int i = lo; i < hi; i++) {
          w[i - lo] = Math.max(0, 1 - Math.abs((i + 0.5 - centre) / radius));
          total += w[i - lo];
        }
        for (int i = 0; i < w.length; i++) {
          w[i] /= total;
        }
        first[o] = lo;
        weights[o] = w;
      }
      return new Taps(first, weights);
    }

    /** As {@link #resample} for one channel of one row: values {@code stride} apart. */
    void resampleStrided(float[] src, int srcBase, int stride, float[] dst, int dstBase) {
      for (int o = 0; o < first.length; o++) {
        double[] w = weights[o];
        int s = srcBase + first[o] * stride;
        double sum = 0;
        for (int t = 0; t < w.length; t++, s += stride) {
          sum += w[t] * src[s];
        }
        dst[dstBase + o * stride] = (float) sum;
      }
    }

    /**
     * Resamples along one axis: output o is the weighted sum of the source's groups
     * {@code first[o]...} of {@code group} adjacent values (a pixel's channels, or a whole row),
     * read from {@code srcBase} and written to {@code dst} from {@code dstBase}.
     */
    void resample(float[] src, int srcBase, int group, float[] dst, int dstBase) {
      double[] sums = new double[group];
      for (int o = 0; o < first.length; o++) {
        Arrays.fill(sums, 0);
        double[] w = weights[o];
        for (int t = 0; t < w.length; t++) {
          double weight = w[t];
          int s = srcBase + (first[o] + t) * group;
          for (int i = 0; i < group; i++) {
            sums[i] += weight * src[s + i];
          }
        }
        int d = dstBase + o * group;
        for (int i = 0; i < group; i++) {
          dst[d + i] = (float) sums[i];
        }
      }
    }
  }
}
