package org.screening.workers.data.prepare;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/** Reads regular files out of a gzipped tar (ustar/GNU headers), enough for project archives. */
final class TarGz {

  private static final int BLOCK = 512;

  private TarGz() {
  }

  /** The wanted regular files by base name (folders inside the archive dropped). */
  static Map<String, byte[]> read(Path archive, Predicate<String> wanted) throws IOException {
    Map<String, byte[]> files = new HashMap<>();
    try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16))) {
      byte[] header = new byte[BLOCK];
      while (true) {
        if (in.readNBytes(header, 0, BLOCK) < BLOCK) {
          throw new IOException(archive + ": truncated tar (no end-of-archive block)");
        }
        if (isZero(header)) {
          return files;
        }
        String name = text(header, 0, 100);
        if ("ustar".equals(text(header, 257, 5)) && header[345] != 0) {
          name = text(header, 345, 155) + "/" + name;
        }
        long size = octal(header, 124, 12, archive);
        long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
        boolean regular = header[156] == '0' || header[156] == 0;
        String baseName = name.substring(name.lastIndexOf('/') + 1);
        if (regular && wanted.test(baseName)) {
          byte[] data = in.readNBytes((int) size);
          if (data.length < size) {
            throw new IOException(archive + ": truncated at " + name);
          }
          files.put(baseName, data);
          in.skipNBytes(padded - size);
        } else {
          in.skipNBytes(padded);
        }
      }
    } catch (EOFException e) {
      throw new IOException(archive + ": truncated tar", e);
    }
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String text(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] header, int offset, int length, Path archive) throws IOException {
    String digits = text(header, offset, length).trim();
    try {
      return Long.parseLong(digits, 8);
    } catch (NumberFormatException e) {
      throw new IOException(archive + ": bad tar header size '" + digits + "'", e);
    }
  }
}
