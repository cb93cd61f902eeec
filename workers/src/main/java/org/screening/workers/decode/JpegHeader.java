package org.screening.workers.decode;

import java.nio.ByteBuffer;
import org.screening.schemas.DeadLetterReason;

/**
 * Finds a JPEG's frame header (SOFn) by walking the marker segments before the first scan, and
 * reads the size and component count from it.
 */
final class JpegHeader {

  private JpegHeader() {}

  static ImageHeader read(ByteBuffer jpeg) throws RejectedFrameException {
    int end = jpeg.limit();
    int pos = jpeg.position();
    if (jpeg.remaining() < 4 || u8(jpeg, pos) != 0xFF || u8(jpeg, pos + 1) != 0xD8) {
      throw corrupt("no JPEG start-of-image marker");
    }
    pos += 2;
    while (pos < end) {
      if (u8(jpeg, pos) != 0xFF) {
        throw corrupt("JPEG marker expected at byte " + pos);
      }
      while (pos < end && u8(jpeg, pos) == 0xFF) {
        pos++;
      }
      if (pos >= end) {
        break;
      }
      int marker = u8(jpeg, pos++);
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) {
        throw corrupt("JPEG has no frame header before its first scan");
      }
      if (pos + 2 > end) {
        break;
      }
      int length = u16(jpeg, pos);
      if (length < 2) {
        throw corrupt("JPEG segment length " + length + " at byte " + pos);
      }
      if (isFrameHeader(marker)) {
        if (pos + 8 > end) {
          break;
        }
        // Segment: length, precision, height, width, component count.
        return header(u16(jpeg, pos + 5), u16(jpeg, pos + 3), u8(jpeg, pos + 7));
      }
      pos += length;
    }
    throw corrupt("JPEG ends before its frame header");
  }

  private static ImageHeader header(int width, int height, int components)
      throws RejectedFrameException {
    if (width == 0 || height == 0) {
      // Height 0 defers it to a DNL marker after the scan: too late to check limits first.
      throw corrupt("JPEG frame header gives a size of " + width + "x" + height);
    }
    if (components != 1 && components != 3) {
      throw corrupt(components + "-component JPEG (CMYK or YCCK) is not supported");
    }
    return new ImageHeader(width, height, components);
  }

  /** SOF0-SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
  private static boolean isFrameHeader(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static int u8(ByteBuffer b, int at) {
    return b.get(at) & 0xFF;
  }

  private static int u16(ByteBuffer b, int at) {
    return (u8(b, at) << 8) | u8(b, at + 1);
  }

  private static RejectedFrameException corrupt(String message) {
    return new RejectedFrameException(DeadLetterReason.CORRUPT_IMAGE, message);
  }
}
