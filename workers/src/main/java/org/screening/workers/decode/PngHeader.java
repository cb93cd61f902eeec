package org.screening.workers.decode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.screening.schemas.DeadLetterReason;

/** Reads a PNG's IHDR chunk: the size and layout every PNG states before its pixels. */
final class PngHeader {

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final int IHDR_END = 8 + 8 + 13;

  private PngHeader() {}

  static ImageHeader read(ByteBuffer bytes) throws RejectedFrameException {
    ByteBuffer png = bytes.duplicate().order(ByteOrder.BIG_ENDIAN);
    int base = png.position();
    if (png.remaining() < IHDR_END) {
      throw corrupt("too short for a PNG header (" + png.remaining() + " bytes)");
    }
    for (int i = 0; i < SIGNATURE.length; i++) {
      if (png.get(base + i) != SIGNATURE[i]) {
        throw corrupt("no PNG signature");
      }
    }
    if (png.getInt(base + 8) != 13 || png.get(base + 12) != 'I' || png.get(base + 13) != 'H'
        || png.get(base + 14) != 'D' || png.get(base + 15) != 'R') {
      throw corrupt("PNG does not start with an IHDR chunk");
    }
    int width = png.getInt(base + 16);
    int height = png.getInt(base + 20);
    int colourType = png.get(base + 25);
    if (width <= 0 || height <= 0) {
      throw corrupt("PNG header gives a size of " + width + "x" + height);
    }
    return new ImageHeader(width, height, channels(colourType));
  }

  private static int channels(int colourType) throws RejectedFrameException {
    return switch (colourType) {
      case 0 -> 1;
      // A palette holds RGB entries; its transparency chunk, if any, is dropped with alpha.
      case 2, 3 -> 3;
      case 4 -> 2;
      case 6 -> 4;
      default -> throw corrupt("PNG colour type " + colourType + " does not exist");
    };
  }

  private static RejectedFrameException corrupt(String message) {
    return new RejectedFrameException(DeadLetterReason.CORRUPT_IMAGE, message);
  }
}
