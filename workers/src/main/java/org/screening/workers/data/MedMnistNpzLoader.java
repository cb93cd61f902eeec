package org.screening.workers.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A MedMNIST {@code .npz} (e.g. {@code pathmnist.npz}): {@code train_images, train_labels,
 * val_images, val_labels, test_images, test_labels}, images uint8 [N,H,W] or [N,H,W,3], labels
 * [N,1] or [N]. The root is the file, or a folder holding exactly one {@code .npz}.
 *
 * <p>Class names are "0".."k-1", or the lines of a sidecar {@code <stem>.classes.txt} next to the
 * file. Sample ids are {@code <part>/<index>} ({@code train/0}, {@code test/41}), which keeps the
 * published split available through {@link #publishedSplit}; {@link Dataset#split} works as usual.
 */
public final class MedMnistNpzLoader implements DatasetLoader {

  static final List<String> PARTS = List.of("train", "val", "test");

  @Override
  public Dataset load(Path root, int height, int width) throws IOException {
    Path npz = locate(root);
    Map<String, NpyArray> arrays = NpzArchive.read(npz);
    List<Part> parts = new ArrayList<>();
    for (String name : PARTS) {
      NpyArray images = arrays.get(name + "_images");
      NpyArray labels = arrays.get(name + "_labels");
      if (images == null && labels == null) {
        continue;
      }
      if (images == null || labels == null) {
        throw new IOException(npz + ": " + name + "_images and " + name + "_labels must come together");
      }
      parts.add(Part.of(name, images, labels));
    }
    if (parts.isEmpty()) {
      throw new IOException(npz + ": no <part>_images/<part>_labels arrays for train, val or test (found: "
          + String.join(", ", arrays.keySet()) + ")");
    }
    int classCount = 1 + (int) parts.stream().mapToLong(Part::maxLabel).max().orElseThrow();
    List<String> classNames = classNames(npz, classCount);

    record Item(Part part, int index) {
    }
    List<Item> items = parts.stream()
        .flatMap(p -> IntStream.range(0, p.count()).mapToObj(i -> new Item(p, i)))
        .toList();
    if (items.isEmpty()) {
      throw new IOException(npz + ": the arrays hold no images");
    }
    List<Sample> samples = InOrder.map(items, item -> {
      Part p = item.part();
      float[] rgb = Images.rgbFromBytes(p.images().raw(), p.pixelOffset(item.index()),
          p.height(), p.width(), p.channels());
      String id = p.name() + "/" + item.index();
      return new Sample(id, id, Images.resizeBilinear(rgb, p.height(), p.width(), 3, height, width),
          (int) p.labels().integer(item.index()), null);
    });
    return new Dataset(Task.CLASSIFY, height, width, classNames, samples);
  }

  /** The npz part ("train", "val" or "test") a sample of this loader came from. */
  public static String partOf(Sample sample) {
    return sample.id().substring(0, sample.id().indexOf('/'));
  }

  /** The samples of the named parts, in load order. */
  public static Dataset parts(Dataset dataset, String... names) {
    Set<String> wanted = Set.of(names);
    return dataset.filter(s -> wanted.contains(partOf(s)));
  }

  /** The split MedMNIST publishes: train to fit, test held out (val stays for model selection). */
  public static Split publishedSplit(Dataset dataset) {
    return new Split(parts(dataset, "train"), parts(dataset, "test"));
  }

  private static Path locate(Path root) throws IOException {
    if (Files.isRegularFile(root)) {
      return root;
    }
    ImageFiles.requireDirectory(root, "expected a .npz file or a folder holding one");
    List<Path> found;
    try (Stream<Path> files = Files.list(root)) {
      found = files.filter(p -> ImageFiles.extension(p).equals("npz")).sorted().toList();
    }
    if (found.size() != 1) {
      throw new IOException(root + ": expected exactly one .npz, found " + found.size());
    }
    return found.get(0);
  }

  private static List<String> classNames(Path npz, int classCount) throws IOException {
    Path sidecar = npz.resolveSibling(ImageFiles.stem(npz) + ".classes.txt");
    if (!Files.isRegularFile(sidecar)) {
      return IntStream.range(0, classCount).mapToObj(Integer::toString).toList();
    }
    List<String> names = Files.readAllLines(sidecar, StandardCharsets.UTF_8).stream()
        .map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (names.size() < classCount) {
      throw new IOException(sidecar + ": " + names.size() + " class names, but labels go up to "
          + (classCount - 1));
    }
    return names;
  }

  /** One of train/val/test with its arrays checked against each other. */
  private record Part(String name, NpyArray images, NpyArray labels, int count, int height, int width,
            int channels) {

    static Part of(String name, NpyArray images, NpyArray labels) throws IOException {
      int[] shape = images.shape();
      boolean validShape = (shape.length == 3)
          || (shape.length == 4 && (shape[3] == 1 || shape[3] == 3));
      if (images.dtype() != NpyArray.DType.UINT8 || !validShape) {
        throw new IOException(images.source() + ": expected uint8 [N,H,W] or [N,H,W,3], got "
            + images.dtype() + " " + Arrays.toString(shape));
      }
      int[] labelShape = labels.shape();
      boolean oneLabelEach = (labelShape.length == 1 || (labelShape.length == 2 && labelShape[1] == 1))
          && labelShape[0] == shape[0];
      if (!oneLabelEach) {
        throw new IOException(labels.source() + ": expected one label per image, shape [" + shape[0]
            + ",1], got " + Arrays.toString(labelShape)
            + (labelShape.length == 2 && labelShape[1] > 1 ? " (multi-label sets are not supported)" : ""));
      }
      Part part = new Part(name, images, labels, shape[0], shape[1], shape[2],
          shape.length == 4 ? shape[3] : 1);
      for (int i = 0; i < part.count; i++) {
        if (labels.integer(i) < 0) {
          throw new IOException(labels.source() + ": negative label at index " + i);
        }
      }
      return part;
    }

    int pixelOffset(int index) {
      return images.dataOffset() + index * height * width * channels;
    }

    long maxLabel() {
      return IntStream.range(0, count).mapToLong(labels::integer).max().orElse(-1);
    }
  }
}
