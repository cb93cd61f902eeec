package org.screening.workers.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kvasir-SEG: {@code images/<name>.jpg} with {@code masks/<name>.jpg} (PNG accepted for either,
 * matched by name without extension). A file named {@code <group>__<name>} joins that split group.
 */
public final class KvasirSegLoader implements DatasetLoader {

  private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png");

  @Override
  public Dataset load(Path root, int height, int width) throws IOException {
    Path imageDir = ImageFiles.requireDirectory(root.resolve("images"), "expected images/ and masks/");
    Path maskDir = ImageFiles.requireDirectory(root.resolve("masks"), "expected images/ and masks/");
    Map<String, Path> masks = new HashMap<>();
    for (Path mask : ImageFiles.list(maskDir, EXTENSIONS)) {
      Path other = masks.put(ImageFiles.stem(mask), mask);
      if (other != null) {
        throw new IOException(mask + ": second mask for the same image (also " + other.getFileName() + ")");
      }
    }
    List<Path> images = ImageFiles.list(imageDir, EXTENSIONS);
    if (images.isEmpty()) {
      throw new IOException(imageDir + ": no images (jpg, jpeg, png)");
    }
    for (Path image : images) {
      if (!masks.containsKey(ImageFiles.stem(image))) {
        throw new IOException(image + ": image without mask in " + maskDir);
      }
    }
    List<Sample> samples = InOrder.map(images, image -> {
      String id = ImageFiles.stem(image);
      return new Sample(id, ImageFiles.group(id, id), Images.loadRgb(image, height, width), -1,
          Images.loadMask(masks.get(id), height, width));
    });
    return new Dataset(Task.SEGMENT, height, width, List.of(), samples);
  }
}
