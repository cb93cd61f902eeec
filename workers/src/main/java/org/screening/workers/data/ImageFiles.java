package org.screening.workers.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finding image files in the folders of a published layout, and the file-name convention that
 * carries a split group: {@code <group>__<name>.<ext>} puts the file in {@code <group>} (used by
 * the prepared slice sets, so adjacent slices of a volume stay on one side of a split).
 */
final class ImageFiles {

  static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp");

  private static final String GROUP_SEPARATOR = "__";

  private ImageFiles() {
  }

  /**
   * Regular files in dir with one of the extensions (case-insensitive), sorted by name. Hidden
   * files are skipped: archives made on macOS leave {@code ._name.jpg} companions that are not images.
   */
  static List<Path> list(Path dir, Set<String> extensions) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> extensions.contains(extension(p)))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    }
  }

  /** Sub-folders of dir sorted by name, hidden ones skipped. */
  static List<Path> subfolders(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    }
  }

  static Path requireDirectory(Path dir, String expected) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": folder not found (" + expected + ")");
    }
    return dir;
  }

  static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  static String extension(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** The group a file name declares with the {@code <group>__<name>} convention, else the fallback. */
  static String group(String stem, String fallback) {
    int separator = stem.indexOf(GROUP_SEPARATOR);
    return separator > 0 ? stem.substring(0, separator) : fallback;
  }
}
