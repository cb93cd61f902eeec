package org.screening.workers.decode;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Encoded images the decoding tests (and the worker tests) feed in. */
public final class TestPictures {

  private TestPictures() {}

  /** A w x h RGB image whose pixel (x, y) has red x*8, green y*8, blue 100. */
  public static BufferedImage gradient(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, ((x * 8 & 0xff) << 16) | ((y * 8 & 0xff) << 8) | 100);
      }
    }
    return image;
  }

  public static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no " + format + " writer for this image type");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * A PNG of a signature, an IHDR chunk claiming the given size and an IEND chunk: a complete
   * header and no pixels, as a decompression bomb's header reads.
   */
  public static byte[] pngHeaderOnly(int width, int height) {
    ByteBuffer png = ByteBuffer.allocate(8 + 25 + 12);
    png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    png.putInt(13).put(new byte[] {'I', 'H', 'D', 'R'});
    png.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0)
        .put((byte) 0);
    CRC32 crc = new CRC32();
    crc.update(png.array(), 12, 17);
    png.putInt((int) crc.getValue());
    png.putInt(0).put(new byte[] {'I', 'E', 'N', 'D'}).putInt(0xAE426082);
    return png.array();
  }

  /** A grey + alpha PNG (colour type 4): grey rising left to right, alpha half. */
  public static byte[] greyAlphaPng(int width, int height) {
    ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY),
        true, false, Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
    WritableRaster raster = model.createCompatibleWritableRaster(width, height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setSample(x, y, 0, x * 255 / Math.max(1, width - 1));
        raster.setSample(x, y, 1, 128);
      }
    }
    return encode(new BufferedImage(model, raster, false, null), "png");
  }

  /**
   * {@code jpeg} with an APP1 Exif segment, right after its start-of-image marker, whose only
   * tag is the orientation (big-endian TIFF, as many cameras write it).
   */
  public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4);
    tiff.put(new byte[] {'M', 'M'}).putShort((short) 42).putInt(8);
    tiff.putShort((short) 1);
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation)
        .putShort((short) 0);
    tiff.putInt(0);
    byte[] exif = {'E', 'x', 'i', 'f', 0, 0};
    int length = 2 + exif.length + tiff.capacity();
    ByteBuffer out = ByteBuffer.allocate(jpeg.length + 2 + length);
    out.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) 0xE1).putShort((short) length).put(exif)
        .put(tiff.array()).put(jpeg, 2, jpeg.length - 2);
    return out.array();
  }
}
