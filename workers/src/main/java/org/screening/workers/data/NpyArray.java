package org.screening.workers.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One NumPy {@code .npy} array (format versions 1.0 to 3.0): little-endian, C order, of
 * uint8, int32 or int64 — what MedMNIST and most label files use. The bytes are kept as read;
 * accessors decode single elements.
 */
record NpyArray(String source, DType dtype, int[] shape, byte[] raw, int dataOffset) {

  enum DType {
    UINT8(1), INT32(4), INT64(8);

    final int size;

    DType(int size) {
      this.size = size;
    }
  }

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /** @param source names the array in error messages (file and entry) */
  static NpyArray parse(String source, byte[] raw) throws IOException {
    if (raw.length < 10 || !Arrays.equals(Arrays.copyOf(raw, 6), MAGIC)) {
      throw new IOException(source + ": not a .npy array (bad magic)");
    }
    int major = raw[6] & 0xff;
    ByteBuffer in = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength;
    int headerStart;
    if (major == 1) {
      headerLength = in.getShort(8) & 0xffff;
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      headerLength = in.getInt(8);
      headerStart = 12;
    } else {
      throw new IOException(source + ": unsupported .npy version " + major + "." + (raw[7] & 0xff));
    }
    if (headerLength < 0 || headerStart + headerLength > raw.length) {
      throw new IOException(source + ": truncated .npy header");
    }
    String header = new String(raw, headerStart, headerLength,
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    if (field("fortran_order", "(True|False)", header, source).equals("True")) {
      throw new IOException(source + ": Fortran-ordered arrays are not supported");
    }
    DType dtype = dtype(field("descr", "'([^']*)'", header, source), source);
    int[] shape = shape(field("shape", "\\(([^)]*)\\)", header, source), source);
    int dataOffset = headerStart + headerLength;
    long expected = (long) dtype.size * Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
    if (raw.length - dataOffset != expected) {
      throw new IOException(source + ": " + (raw.length - dataOffset) + " data bytes, shape "
          + Arrays.toString(shape) + " needs " + expected);
    }
    return new NpyArray(source, dtype, shape, raw, dataOffset);
  }

  /** Element i (C order) as an integer, whatever the stored integer type. */
  long integer(int i) {
    int at = dataOffset + i * dtype.size;
    return switch (dtype) {
      case UINT8 -> raw[at] & 0xff;
      case INT32 -> ByteBuffer.wrap(raw, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
      case INT64 -> ByteBuffer.wrap(raw, at, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    };
  }

  /** The value of one key of the header's Python dict literal, captured by valuePattern's group. */
  private static String field(String key, String valuePattern, String header, String source) throws IOException {
    Matcher m = Pattern.compile("'" + key + "'\\s*:\\s*" + valuePattern).matcher(header);
    if (!m.find()) {
      throw new IOException(source + ": .npy header lacks '" + key + "': " + header.strip());
    }
    return m.group(1);
  }

  private static DType dtype(String descr, String source) throws IOException {
    // '|' marks single-byte types, '<' little-endian; big-endian ('>') files are rare and refused.
    return switch (descr) {
      case "|u1", "<u1" -> DType.UINT8;
      case "<i4" -> DType.INT32;
      case "<i8" -> DType.INT64;
      default -> throw new IOException(source + ": unsupported dtype '" + descr
          + "' (supported: |u1, <i4, <i8)");
    };
  }

  private static int[] shape(String text, String source) throws IOException {
    String[] parts = text.split(",");
    int[] shape = new int[parts.length];
    int n = 0;
    for (String part : parts) {
      if (!part.isBlank()) {
        try {
          shape[n++] = Integer.parseInt(part.strip().replace("L", ""));
        } catch (NumberFormatException e) {
          throw new IOException(source + ": bad shape (" + text + ")", e);
        }
      }
    }
    return Arrays.copyOf(shape, n);
  }
}
