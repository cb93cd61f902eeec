package org.screening.gateway.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Small real images, encoded by ImageIO, for submissions and masks. */
public final class Images {

  static {
    ImageIO.setUseCache(false);
  }

  private Images() {}

  /** A PNG with a gradient: 1 channel is grey, 3 is RGB, 4 is RGBA. */
  public static byte[] png(int width, int height, int channels) {
    int type = switch (channels) {
      case 1 -> BufferedImage.TYPE_BYTE_GRAY;
      case 3 -> BufferedImage.TYPE_3BYTE_BGR;
      case 4 -> BufferedImage.TYPE_4BYTE_ABGR;
      default -> throw new IllegalArgumentException("channels " + channels);
    };
    return encode(gradient(width, height, type), "png");
  }

  /** A PNG of one grey level throughout: a frame against which an overlay's colour stands out. */
  public static byte[] greyPng(int width, int height, int level) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, 0xFF000000 | level << 16 | level << 8 | level);
      }
    }
    return encode(image, "png");
  }

  /** True where {@link #middleMask} is foreground: the middle half in each direction. */
  public static boolean inMiddle(int x, int y, int width, int height) {
    return x >= width / 4 && x < width / 4 + width / 2
        && y >= height / 4 && y < height / 4 + height / 2;
  }

  /** A segmentation mask as workers send it: 8-bit grey PNG, 255 on {@link #inMiddle}, else 0. */
  public static byte[] middleMask(int width, int height) {
    BufferedImage mask = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        mask.getRaster().setSample(x, y, 0, inMiddle(x, y, width, height) ? 255 : 0);
      }
    }
    return encode(mask, "png");
  }

  public static byte[] jpeg(int width, int height) {
    return encode(gradient(width, height, BufferedImage.TYPE_3BYTE_BGR), "jpeg");
  }

  /** A PNG whose IHDR chunk no longer matches its CRC: a corrupt header. */
  public static byte[] corruptPng() {
    byte[] png = png(8, 8, 3);
    png[17] ^= 0x40; // a byte of the width
    return png;
  }

  private static BufferedImage gradient(int width, int height, int type) {
    BufferedImage image = new BufferedImage(width, height, type);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, 0xFF000000 | (x * 255 / width) << 16 | (y * 255 / height) << 8 | 0x80);
      }
    }
    return image;
  }

  private static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
