package org.screening.gateway.ingest;

import java.util.zip.CRC32;
import org.screening.gateway.http.HttpProblem;
import org.screening.schemas.v1.ImageEncoding;

/**
 * Reads width, height and channels from a PNG's IHDR chunk or a JPEG's start-of-frame segment,
 * so that limits are enforced and the Frame filled in without decoding (and without trusting
 * what the client says). A header that is missing, truncated or fails its checksum is a 400, and
 * so is an image cut short (no PNG IEND chunk, no JPEG end-of-image marker): accepted, it would
 * only reach a worker's dead-letter topic, where the client never hears of it.
 */
public final class ImageSniffer {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private ImageSniffer() {}

  /** True if {@code bytes} start like a PNG or a JPEG. */
  public static boolean looksEncoded(byte[] bytes) {
    return isPng(bytes) || isJpeg(bytes);
  }

  public static ImageHeader png(byte[] bytes) {
    if (!isPng(bytes)) {
      throw HttpProblem.badImage("The body is not a PNG (no PNG signature)");
    }
    // Signature, then the IHDR chunk: length 13, type, 13 data bytes, CRC.
    if (bytes.length < 33 || readInt(bytes, 8) != 13 || !"IHDR".equals(ascii(bytes, 12, 4))) {
      throw HttpProblem.badImage("The PNG does not start with a valid IHDR chunk");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 12, 17);
    if ((int) crc.getValue() != readInt(bytes, 29)) {
      throw HttpProblem.badImage("The PNG's IHDR chunk fails its CRC: the header is corrupt");
    }
    int width = readInt(bytes, 16);
    int height = readInt(bytes, 20);
    int colourType = bytes[25] & 0xFF;
    int channels = switch (colourType) {
      case 0 -> 1;
      case 2, 3 -> 3;
      case 6 -> 4;
      case 4 -> throw HttpProblem.badImage(
          "Grey+alpha PNGs are not supported: send grey, RGB or RGBA");
      default -> throw HttpProblem.badImage("The PNG has an invalid colour type " + colourType);
    };
    if (bytes.length < 45 || !"IEND".equals(ascii(bytes, bytes.length - 8, 4))) {
      throw HttpProblem.badImage("The PNG is truncated: it does not end with an IEND chunk");
    }
    return checked(new ImageHeader(ImageEncoding.PNG, width, height, channels));
  }

  public static ImageHeader jpeg(byte[] bytes) {
    if (!isJpeg(bytes)) {
      throw HttpProblem.badImage("The body is not a JPEG (no start-of-image marker)");
    }
    int at = 2;
    while (at + 4 <= bytes.length) {
      if ((bytes[at] & 0xFF) != 0xFF) {
        throw HttpProblem.badImage("The JPEG is corrupt: expected a marker at byte " + at);
      }
      int marker = bytes[at + 1] & 0xFF;
      if (marker == 0xFF) {
        at++; // fill byte
        continue;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        at += 2; // markers without a length
        continue;
      }
      if (marker == 0xD9 || marker == 0xDA) {
        break; // end of image or start of scan before any frame header
      }
      int length = ((bytes[at + 2] & 0xFF) << 8) | (bytes[at + 3] & 0xFF);
      if (length < 2) {
        throw HttpProblem.badImage("The JPEG is corrupt: segment length " + length);
      }
      if (isStartOfFrame(marker)) {
        if (length < 8 || at + 2 + length > bytes.length) {
          throw HttpProblem.badImage("The JPEG's frame header is truncated");
        }
        int height = ((bytes[at + 5] & 0xFF) << 8) | (bytes[at + 6] & 0xFF);
        int width = ((bytes[at + 7] & 0xFF) << 8) | (bytes[at + 8] & 0xFF);
        int components = bytes[at + 9] & 0xFF;
        if (components != 1 && components != 3) {
          throw HttpProblem.badImage(
              "JPEGs with " + components + " components are not supported: send grey or colour");
        }
        if ((bytes[bytes.length - 2] & 0xFF) != 0xFF || (bytes[bytes.length - 1] & 0xFF) != 0xD9) {
          throw HttpProblem.badImage("The JPEG is truncated: it does not end with an end-of-image "
              + "marker");
        }
        return checked(new ImageHeader(ImageEncoding.JPEG, width, height, components));
      }
      at += 2 + length;
    }
    throw HttpProblem.badImage("The JPEG has no frame header before its image data");
  }

  /** Raw row-major interleaved u8 pixels: the body must be exactly width * height * channels. */
  public static ImageHeader raw(byte[] bytes, int width, int height, int channels) {
    if (channels != 1 && channels != 3 && channels != 4) {
      throw HttpProblem.badRequest("channels must be 1, 3 or 4, not " + channels);
    }
    ImageHeader header = checked(new ImageHeader(ImageEncoding.RAW_U8, width, height, channels));
    long expected = (long) width * height * channels;
    if (bytes.length != expected) {
      throw HttpProblem.badImage("Raw pixels of " + width + "x" + height + "x" + channels
          + " need " + expected + " bytes, the body has " + bytes.length);
    }
    return header;
  }

  private static ImageHeader checked(ImageHeader header) {
    if (header.width() <= 0 || header.height() <= 0) {
      throw HttpProblem.badImage(
          "The image claims a size of " + header.width() + "x" + header.height());
    }
    return header;
  }

  private static boolean isStartOfFrame(int marker) {
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static boolean isPng(byte[] bytes) {
    if (bytes.length < PNG_SIGNATURE.length) {
      return false;
    }
    for (int i = 0; i < PNG_SIGNATURE.length; i++) {
      if (bytes[i] != PNG_SIGNATURE[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isJpeg(byte[] bytes) {
    return bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8
        && (bytes[2] & 0xFF) == 0xFF;
  }

  private static int readInt(byte[] bytes, int at) {
    return ((bytes[at] & 0xFF) << 24) | ((bytes[at + 1] & 0xFF) << 16)
        | ((bytes[at + 2] & 0xFF) << 8) | (bytes[at + 3] & 0xFF);
  }

  private static String ascii(byte[] bytes, int at, int length) {
    return new String(bytes, at, length, java.nio.charset.StandardCharsets.US_ASCII);
  }
}
