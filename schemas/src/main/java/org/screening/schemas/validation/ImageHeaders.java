package org.screening.schemas.validation;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.screening.schemas.DeadLetterReason;
import org.screening.schemas.v1.ImageEncoding;

/**
 * The one reader of image headers, for both doors: width, height and channels from a PNG's IHDR
 * chunk or a JPEG's start-of-frame segment, or from the declared shape of raw pixels, without
 * decoding a pixel. Sizes can then be checked against limits before anything is allocated.
 *
 * <p>Refused as {@link DeadLetterReason#CORRUPT_IMAGE}: a missing signature, a missing,
 * truncated or (PNG) checksum-failing header, a colour type or component count no image can
 * have, and an image cut short (no PNG IEND chunk, no JPEG end-of-image marker: decoded, it
 * would be screened half grey). Refused as {@link DeadLetterReason#UNSUPPORTED_IMAGE}: a valid
 * 4-component (CMYK or YCCK) JPEG, whose colours the pipeline does not convert. Raw pixels whose
 * length disagrees with their shape are a {@link DeadLetterReason#SIZE_MISMATCH}.
 */
public final class ImageHeaders {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  /** Signature, IHDR length and type, 13 data bytes, CRC. */
  private static final int PNG_IHDR_END = 8 + 8 + 13 + 4;
  /** An IEND chunk: length 0, type, CRC. */
  private static final int PNG_IEND_LENGTH = 12;

  private ImageHeaders() {}

  /** The header of a PNG or JPEG; raw pixels have none (see {@link #raw}). */
  public static Verdict<ImageHeader> read(ImageEncoding encoding, ByteBuffer bytes) {
    return switch (encoding) {
      case PNG -> png(bytes);
      case JPEG -> jpeg(bytes);
      case RAW_U8 -> throw new IllegalArgumentException("raw pixels have no header: use raw()");
    };
  }

  /** True if {@code bytes} start like a PNG or a JPEG. */
  public static boolean looksEncoded(ByteBuffer bytes) {
    return isPng(bytes) || isJpeg(bytes);
  }

  /** True if {@code bytes} start with the PNG signature. */
  public static boolean isPng(ByteBuffer bytes) {
    if (bytes.remaining() < PNG_SIGNATURE.length) {
      return false;
    }
    for (int i = 0; i < PNG_SIGNATURE.length; i++) {
      if (bytes.get(bytes.position() + i) != PNG_SIGNATURE[i]) {
        return false;
      }
    }
    return true;
  }

  /** Raw row-major interleaved u8 pixels: {@code length} must be width * height * channels. */
  public static Verdict<ImageHeader> raw(int length, int width, int height, int channels) {
    if (width <= 0 || height <= 0) {
      return Verdict.refuse(DeadLetterReason.INVALID_FRAME,
          "raw pixels of " + width + "x" + height + " have no size");
    }
    if (!FrameFields.CHANNELS.contains(channels)) {
      return Verdict.refuse(DeadLetterReason.INVALID_FRAME,
          "raw pixels have 1, 2, 3 or 4 channels, not " + channels);
    }
    ImageHeader header = new ImageHeader(ImageEncoding.RAW_U8, width, height, channels);
    long expected = (long) width * height * channels;
    if (length != expected) {
      return Verdict.refuse(DeadLetterReason.SIZE_MISMATCH, "raw pixels of "
          + header.describe() + " need " + expected + " bytes, not " + length);
    }
    return Verdict.accept(header);
  }

  private static Verdict<ImageHeader> png(ByteBuffer bytes) {
    int at = bytes.position();
    int length = bytes.remaining();
    if (length == 0) {
      return corrupt("the image is empty");
    }
    if (!isPng(bytes)) {
      return corrupt("not a PNG (no PNG signature)");
    }
    if (length < PNG_IHDR_END || bytes.getInt(at + 8) != 13 || !type(bytes, at + 12, "IHDR")) {
      return corrupt("the PNG does not start with a complete IHDR chunk");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes.slice(at + 12, 17));
    if ((int) crc.getValue() != bytes.getInt(at + 29)) {
      return corrupt("the PNG's IHDR chunk fails its CRC: the header is corrupt");
    }
    int width = bytes.getInt(at + 16);
    int height = bytes.getInt(at + 20);
    int colourType = bytes.get(at + 25) & 0xFF;
    if (width <= 0 || height <= 0) {
      return corrupt("the PNG header gives a size of " + Integer.toUnsignedString(width) + "x"
          + Integer.toUnsignedString(height));
    }
    int channels;
    switch (colourType) {
      case 0 -> channels = 1;
      // A palette holds RGB entries: the image is colour, looked up when decoded.
      case 2, 3 -> channels = 3;
      case 4 -> channels = 2;
      case 6 -> channels = 4;
      default -> {
        return corrupt("PNG colour type " + colourType + " does not exist");
      }
    }
    if (length < PNG_IHDR_END + PNG_IEND_LENGTH
        || !type(bytes, at + length - PNG_IEND_LENGTH + 4, "IEND")) {
      return corrupt("the PNG is truncated: it does not end with an IEND chunk");
    }
    return Verdict.accept(new ImageHeader(ImageEncoding.PNG, width, height, channels));
  }

  private static Verdict<ImageHeader> jpeg(ByteBuffer bytes) {
    int start = bytes.position();
    int end = bytes.limit();
    if (bytes.remaining() == 0) {
      return corrupt("the image is empty");
    }
    if (!isJpeg(bytes)) {
      return corrupt("not a JPEG (no start-of-image marker)");
    }
    int at = start + 2;
    while (at + 4 <= end) {
      if (u8(bytes, at) != 0xFF) {
        return corrupt("the JPEG is corrupt: a marker was expected at byte " + (at - start));
      }
      int marker = u8(bytes, at + 1);
      if (marker == 0xFF) {
        at++; // fill byte
        continue;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
        at += 2; // markers without a length
        continue;
      }
      if (marker == 0xD9 || marker == 0xDA) {
        return corrupt("the JPEG has no frame header before its image data");
      }
      int length = u16(bytes, at + 2);
      if (length < 2) {
        return corrupt("the JPEG is corrupt: a segment length of " + length);
      }
      if (isStartOfFrame(marker)) {
        return frameHeader(bytes, at, length, start, end);
      }
      at += 2 + length;
    }
    return corrupt("the JPEG ends before its frame header");
  }

  private static Verdict<ImageHeader> frameHeader(ByteBuffer bytes, int at, int length,
      int start, int end) {
    if (length < 8 || at + 2 + length > end) {
      return corrupt("the JPEG's frame header is truncated");
    }
    // Segment: length, precision, height, width, component count.
    int height = u16(bytes, at + 5);
    int width = u16(bytes, at + 7);
    int components = u8(bytes, at + 9);
    if (width == 0 || height == 0) {
      // Height 0 defers it to a DNL marker after the scan: too late to check limits first.
      return corrupt("the JPEG frame header gives a size of " + width + "x" + height);
    }
    if (components == 4) {
      return Verdict.refuse(DeadLetterReason.UNSUPPORTED_IMAGE, "the JPEG has 4 components "
          + "(CMYK or YCCK), which are not converted: send it as RGB or grey");
    }
    if (components != 1 && components != 3) {
      return corrupt("a JPEG of " + components + " components does not exist");
    }
    if (end - start < 4 || u8(bytes, end - 2) != 0xFF || u8(bytes, end - 1) != 0xD9) {
      return corrupt("the JPEG is truncated: it does not end with an end-of-image marker");
    }
    return Verdict.accept(new ImageHeader(ImageEncoding.JPEG, width, height, components));
  }

  private static boolean isJpeg(ByteBuffer bytes) {
    int at = bytes.position();
    return bytes.remaining() >= 3 && u8(bytes, at) == 0xFF && u8(bytes, at + 1) == 0xD8
        && u8(bytes, at + 2) == 0xFF;
  }

  /** SOF0-SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static boolean type(ByteBuffer bytes, int at, String type) {
    for (int i = 0; i < 4; i++) {
      if (bytes.get(at + i) != type.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int u8(ByteBuffer bytes, int at) {
    return bytes.get(at) & 0xFF;
  }

  private static int u16(ByteBuffer bytes, int at) {
    return (u8(bytes, at) << 8) | u8(bytes, at + 1);
  }

  private static Verdict<ImageHeader> corrupt(String detail) {
    return Verdict.refuse(DeadLetterReason.CORRUPT_IMAGE, detail);
  }
}
