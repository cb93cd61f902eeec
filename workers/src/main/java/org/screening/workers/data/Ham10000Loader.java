package org.screening.workers.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HAM10000 dermatoscopy: {@code HAM10000_metadata.csv} (lesion_id, image_id, dx, ...) with images
 * {@code <image_id>.jpg} in the root or in {@code HAM10000_images_part_1/} and {@code _part_2/}.
 * Classes are the seven diagnosis codes; several images of one lesion share its lesion_id, which
 * is the split group, so a lesion is never both trained on and tested on.
 */
public final class Ham10000Loader implements DatasetLoader {

  static final List<String> CLASSES = List.of("akiec", "bcc", "bkl", "df", "mel", "nv", "vasc");

  static final String METADATA = "HAM10000_metadata.csv";

  private static final List<String> IMAGE_FOLDERS =
      List.of(".", "HAM10000_images_part_1", "HAM10000_images_part_2");

  @Override
  public Dataset load(Path root, int height, int width) throws IOException {
    CsvTable table = CsvTable.read(root.resolve(METADATA));
    int lesionColumn = table.column("lesion_id");
    int imageColumn = table.column("image_id");
    int dxColumn = table.column("dx");
    Map<String, Path> images = imageIndex(root);

    record Entry(String imageId, String lesionId, int label, Path file) {
    }
    List<Entry> entries = new ArrayList<>();
    for (CsvTable.Row row : table.rows()) {
      String imageId = row.fields().get(imageColumn);
      String dx = row.fields().get(dxColumn);
      int label = CLASSES.indexOf(dx);
      if (label < 0) {
        throw new IllegalArgumentException(table.file() + ": line " + row.line() + ": unknown dx '" + dx
            + "' (expected one of " + String.join(", ", CLASSES) + ")");
      }
      Path file = images.get(imageId);
      if (file == null) {
        throw new IOException(table.file() + ": line " + row.line() + ": image " + imageId
            + ".jpg not found in " + String.join(", ", IMAGE_FOLDERS) + " under " + root);
      }
      entries.add(new Entry(imageId, row.fields().get(lesionColumn), label, file));
    }
    if (entries.isEmpty()) {
      throw new IOException(table.file() + ": no images listed");
    }
    List<Sample> samples = InOrder.map(entries, e ->
        new Sample(e.imageId(), e.lesionId(), Images.loadRgb(e.file(), height, width), e.label(), null));
    return new Dataset(Task.CLASSIFY, height, width, CLASSES, samples);
  }

  /** image_id to file, listing each folder once rather than probing three paths per image. */
  private static Map<String, Path> imageIndex(Path root) throws IOException {
    Map<String, Path> index = new HashMap<>();
    for (String folder : IMAGE_FOLDERS) {
      Path dir = root.resolve(folder).normalize();
      if (Files.isDirectory(dir)) {
        for (Path file : ImageFiles.list(dir, Set.of("jpg"))) {
          index.putIfAbsent(ImageFiles.stem(file), file);
        }
      }
    }
    return index;
  }
}
