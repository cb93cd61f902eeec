package org.screening.workers.decode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A JPEG's EXIF orientation (tag 0x0112 of the first image directory in its APP1 "Exif"
 * segment) and its application to decoded pixels. Cameras store pixels as the sensor read them
 * and record how to turn them; a viewer turns them, so a clinician has seen the turned image and
 * expects findings (a mask above all) to match it. An absent or unreadable tag means as stored.
 */
final class ExifOrientation {

  /** Stored pixels are displayed as they are. */
  static final int AS_STORED = 1;

  private static final int APP1 = 0xE1;
  private static final int ORIENTATION_TAG = 0x0112;
  private static final int SHORT = 3;

  private ExifOrientation() {}

  /** The orientation, 1 to 8; {@link #AS_STORED} when the JPEG does not say. */
  static int of(ByteBuffer jpeg) {
    int end = jpeg.limit();
    int at = jpeg.position() + 2;
    while (at + 4 <= end && u8(jpeg, at) == 0xFF) {
      int marker = u8(jpeg, at + 1);
      if (marker == 0xFF) {
        at++;
        continue;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
        at += 2;
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) {
        break; // the tag lives in a segment before the first scan
      }
      int length = u16(jpeg, at + 2);
      if (length < 2) {
        break;
      }
      int segmentEnd = Math.min(end, at + 2 + length);
      if (marker == APP1 && isExif(jpeg, at + 4, segmentEnd)) {
        return orientation(jpeg, at + 10, segmentEnd);
      }
      at += 2 + length;
    }
    return AS_STORED;
  }

  /** Width and height as displayed: orientations 5 to 8 turn the image a quarter. */
  static boolean swapsSides(int orientation) {
    return orientation >= 5;
  }

  /**
   * {@code rgb} (height x width x 3 as stored) as displayed, which is width x height x 3 when
   * {@link #swapsSides}.
   */
  static float[] apply(int orientation, float[] rgb, int width, int height) {
    if (orientation == AS_STORED) {
      return rgb;
    }
    boolean swapped = swapsSides(orientation);
    int outWidth = swapped ? height : width;
    int outHeight = swapped ? width : height;
    float[] out = new float[rgb.length];
    for (int y = 0; y < outHeight; y++) {
      for (int x = 0; x < outWidth; x++) {
        // Where the displayed pixel (x, y) is stored.
        int sx;
        int sy;
        switch (orientation) {
          case 2 -> { sx = width - 1 - x; sy = y; }
          case 3 -> { sx = width - 1 - x; sy = height - 1 - y; }
          case 4 -> { sx = x; sy = height - 1 - y; }
          case 5 -> { sx = y; sy = x; }
          case 6 -> { sx = y; sy = height - 1 - x; }
          case 7 -> { sx = width - 1 - y; sy = height - 1 - x; }
          case 8 -> { sx = width - 1 - y; sy = x; }
          default -> throw new IllegalArgumentException("EXIF orientation " + orientation);
        }
        System.arraycopy(rgb, (sy * width + sx) * 3, out, (y * outWidth + x) * 3, 3);
      }
    }
    return out;
  }

  private static boolean isExif(ByteBuffer jpeg, int at, int end) {
    byte[] exif = {'E', 'x', 'i', 'f', 0, 0};
    if (at + exif.length > end) {
      return false;
    }
    for (int i = 0; i < exif.length; i++) {
      if (jpeg.get(at + i) != exif[i]) {
        return false;
      }
    }
    return true;
  }

  /** Reads the tag from the TIFF structure at {@code tiff}; any inconsistency means as stored. */
  private static int orientation(ByteBuffer jpeg, int tiff, int end) {
    if (tiff + 8 > end) {
      return AS_STORED;
    }
    ByteBuffer view = jpeg.duplicate();
    if (jpeg.get(tiff) == 'I' && jpeg.get(tiff + 1) == 'I') {
      view.order(ByteOrder.LITTLE_ENDIAN);
    } else if (jpeg.get(tiff) == 'M' && jpeg.get(tiff + 1) == 'M') {
      view.order(ByteOrder.BIG_ENDIAN);
    } else {
      return AS_STORED;
    }
    long directory = tiff + Integer.toUnsignedLong(view.getInt(tiff + 4));
    if (directory + 2 > end) {
      return AS_STORED;
    }
    int entries = Short.toUnsignedInt(view.getShort((int) directory));
    for (int i = 0; i < entries; i++) {
      int entry = (int) directory + 2 + i * 12;
      if (entry + 12 > end) {
        return AS_STORED;
      }
      if (Short.toUnsignedInt(view.getShort(entry)) == ORIENTATION_TAG
          && Short.toUnsignedInt(view.getShort(entry + 2)) == SHORT) {
        int value = Short.toUnsignedInt(view.getShort(entry + 8));
        return value >= 1 && value <= 8 ? value : AS_STORED;
      }
    }
    return AS_STORED;
  }

  private static int u8(ByteBuffer b, int at) {
    return b.get(at) & 0xFF;
  }

  private static int u16(ByteBuffer b, int at) {
    return (u8(b, at) << 8) | u8(b, at + 1);
  }
}
