package org.screening.workers.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Breast ultrasound images (BUSI): {@code benign/}, {@code malignant/}, {@code normal/} holding
 * {@code name (N).png} with its lesion mask {@code name (N)_mask.png}; a few images have further
 * lesions in {@code _mask_1.png}, {@code _mask_2.png}, which are united into one mask. The root may
 * also be the folder holding {@code Dataset_BUSI_with_GT}.
 *
 * <p>The task is segmentation; samples still carry the folder as class label so that
 * {@link Dataset#split} keeps the three kinds in proportion (normal images have empty masks).
 */
public final class BusiLoader implements DatasetLoader {

  static final List<String> CLASSES = List.of("benign", "malignant", "normal");

  private static final Pattern MASK = Pattern.compile("(.+)_mask(_\\d+)?");

  @Override
  public Dataset load(Path root, int height, int width) throws IOException {
    Path base = Files.isDirectory(root.resolve("Dataset_BUSI_with_GT")) ? root.resolve("Dataset_BUSI_with_GT") : root;
    record Entry(Path image, List<Path> masks, String className, int label) {
    }
    List<Entry> entries = new ArrayList<>();
    for (int label = 0; label < CLASSES.size(); label++) {
      String className = CLASSES.get(label);
      Path dir = ImageFiles.requireDirectory(base.resolve(className), "expected benign/, malignant/, normal/");
      Map<String, Path> images = new TreeMap<>();
      Map<String, List<Path>> masks = new TreeMap<>();
      for (Path file : ImageFiles.list(dir, Set.of("png"))) {
        Matcher m = MASK.matcher(ImageFiles.stem(file));
        if (m.matches()) {
          masks.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(file);
        } else {
          images.put(ImageFiles.stem(file), file);
        }
      }
      for (String orphan : masks.keySet()) {
        if (!images.containsKey(orphan)) {
          throw new IOException(masks.get(orphan).get(0) + ": mask without image " + orphan + ".png");
        }
      }
      for (Map.Entry<String, Path> image : images.entrySet()) {
        List<Path> imageMasks = masks.get(image.getKey());
        if (imageMasks == null) {
          throw new IOException(image.getValue() + ": image without mask (expected "
              + image.getKey() + "_mask.png)");
        }
        entries.add(new Entry(image.getValue(), imageMasks, className, label));
      }
    }
    if (entries.isEmpty()) {
      throw new IOException(base + ": no images in benign/, malignant/, normal/");
    }
    List<Sample> samples = InOrder.map(entries, e -> {
      float[] mask = new float[height * width];
      for (Path file : e.masks()) {
        float[] part = Images.loadMask(file, height, width);
        for (int i = 0; i < mask.length; i++) {
          mask[i] = Math.max(mask[i], part[i]);
        }
      }
      String id = e.className() + "/" + ImageFiles.stem(e.image());
      return new Sample(id, id, Images.loadRgb(e.image(), height, width), e.label(), mask);
    });
    return new Dataset(Task.SEGMENT, height, width, CLASSES, samples);
  }
}
