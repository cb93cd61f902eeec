package org.screening.workers.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * NIH malaria cell images: {@code cell_images/Parasitized/*.png} and {@code cell_images/Uninfected/*.png}.
 * The root may be the folder holding {@code cell_images} or {@code cell_images} itself.
 */
public final class MalariaLoader implements DatasetLoader {

  static final List<String> CLASSES = List.of("Parasitized", "Uninfected");

  @Override
  public Dataset load(Path root, int height, int width) throws IOException {
    return ImageFolderLoader.loadClassFolders(cellImages(root), CLASSES, Set.of("png"), height, width);
  }

  private static Path cellImages(Path root) throws IOException {
    Path nested = root.resolve("cell_images");
    if (Files.isDirectory(nested)) {
      return nested;
    }
    if (CLASSES.stream().allMatch(c -> Files.isDirectory(root.resolve(c)))) {
      return root;
    }
    throw new IOException(root + ": expected cell_images/Parasitized and cell_images/Uninfected");
  }
}
