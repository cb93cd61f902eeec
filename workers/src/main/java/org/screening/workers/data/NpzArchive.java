package org.screening.workers.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** A NumPy {@code .npz}: a zip (stored or deflated) of {@code <name>.npy} arrays. */
final class NpzArchive {

  private NpzArchive() {
  }

  /** Every array in the archive by name (without {@code .npy}). */
  static Map<String, NpyArray> read(Path file) throws IOException {
    Map<String, NpyArray> arrays = new TreeMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.isDirectory() || !entry.getName().endsWith(".npy")) {
          continue;
        }
        if (entry.getSize() > Integer.MAX_VALUE - 64) {
          throw new IOException(file + "!" + entry.getName() + ": array over 2 GB");
        }
        String name = entry.getName().substring(0, entry.getName().length() - 4);
        try (InputStream in = zip.getInputStream(entry)) {
          arrays.put(name, NpyArray.parse(file + "!" + entry.getName(), in.readAllBytes()));
        }
      }
    } catch (ZipException e) {
      throw new IOException(file + ": not a readable .npz (" + e.getMessage() + ")", e);
    }
    return arrays;
  }
}
