package org.screening.workers.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code root/<class>/*.{png,jpg,jpeg,bmp}}: one folder per class, classes sorted by folder name.
 * A file named {@code <group>__<name>.png} joins that split group; otherwise each image is its own.
 */
public final class ImageFolderLoader implements DatasetLoader {

  @Override
  public Dataset load(Path root, int height, int width) throws IOException {
    ImageFiles.requireDirectory(root, "expected root/<class>/*.png|jpg|jpeg|bmp");
    List<String> classes = ImageFiles.subfolders(root).stream().map(p -> p.getFileName().toString()).toList();
    if (classes.isEmpty()) {
      throw new IOException(root + ": no class folders (expected root/<class>/*.png|jpg|jpeg|bmp)");
    }
    return loadClassFolders(root, classes, ImageFiles.IMAGE_EXTENSIONS, height, width);
  }

  /** Loads root/<class>/ for the given classes, in that label order; every class must hold images. */
  static Dataset loadClassFolders(Path root, List<String> classes, Set<String> extensions,
                  int height, int width) throws IOException {
    record Entry(Path file, String className, int label) {
    }
    List<Entry> entries = new ArrayList<>();
    for (int label = 0; label < classes.size(); label++) {
      String className = classes.get(label);
      Path dir = ImageFiles.requireDirectory(root.resolve(className), "class folder " + className);
      List<Path> files = ImageFiles.list(dir, extensions);
      if (files.isEmpty()) {
        throw new IOException(dir + ": class folder without images (" + String.join(", ", extensions) + ")");
      }
      for (Path file : files) {
        entries.add(new Entry(file, className, label));
      }
    }
    List<Sample> samples = InOrder.map(entries, e -> {
      String stem = ImageFiles.stem(e.file());
      String id = e.className() + "/" + stem;
      return new Sample(id, ImageFiles.group(stem, id), Images.loadRgb(e.file(), height, width), e.label(), null);
    });
    return new Dataset(Task.CLASSIFY, height, width, classes, samples);
  }
}
