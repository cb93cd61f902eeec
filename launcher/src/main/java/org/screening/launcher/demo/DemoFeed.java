package org.screening.launcher.demo;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.ImageEncoding;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Task;

/**
 * The demo's frame source: real MRI and CT slices the build prepared from Debian packages,
 * replayed as PNG frames in a fixed order over a few feeds, each frame asking for both
 * classification and segmentation.
 */
public final class DemoFeed {

  public static final String TENANT = "demo";

  /** One replayable image: its feed, its PNG bytes and their header size. */
  private record Image(String feed, byte[] png, int width, int height, int channels) {}

  private final List<Image> images;
  private final Map<String, long[]> sequences = new HashMap<>();
  private int next;

  private DemoFeed(List<Image> images) {
    this.images = images;
  }

  /**
   * Reads the prepared sets: brain MRI slices (feed {@code brain-mri}) and the plane set's CT
   * and MRI slices (feeds {@code head-ct} and {@code head-mri}), interleaved.
   */
  public static DemoFeed load(Path prepared) throws IOException {
    List<List<Image>> feeds = List.of(
        read(prepared.resolve("brain-seg/images"), "brain-mri", null),
        read(prepared.resolve("plane"), "head-ct", "ct-"),
        read(prepared.resolve("plane"), "head-mri", "mri-"));
    List<Image> interleaved = new ArrayList<>();
    int longest = feeds.stream().mapToInt(List::size).max().orElse(0);
    for (int i = 0; i < longest; i++) {
      for (List<Image> feed : feeds) {
        if (i < feed.size()) {
          interleaved.add(feed.get(i));
        }
      }
    }
    if (interleaved.isEmpty()) {
      throw new IOException("No demo images under " + prepared + ": run ./screening data prepare");
    }
    return new DemoFeed(interleaved);
  }

  private static List<Image> read(Path dir, String feed, String namePrefix) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("No demo images under " + dir + ": run ./screening data prepare");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> p.toString().endsWith(".png"))
          .filter(p -> namePrefix == null || p.getFileName().toString().contains("__" + namePrefix))
          .sorted().toList();
    }
    List<Image> images = new ArrayList<>();
    for (Path file : files) {
      byte[] png = Files.readAllBytes(file);
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
      images.add(new Image(feed, png, decoded.getWidth(), decoded.getHeight(),
          decoded.getColorModel().getNumComponents()));
    }
    return images;
  }

  /** The feeds the images belong to, in order of first appearance. */
  public Set<String> feeds() {
    Set<String> feeds = new LinkedHashSet<>();
    images.forEach(i -> feeds.add(i.feed()));
    return feeds;
  }

  public int size() {
    return images.size();
  }

  /** The next frame, cycling through the images; ids are fresh, sequences count per feed. */
  public Frame next() {
    Image image = images.get(next++ % images.size());
    long sequence = sequences.computeIfAbsent(image.feed(), f -> new long[1])[0]++;
    return Frame.newBuilder()
        .setFrameId(UUID.randomUUID().toString())
        .setTenant(TENANT)
        .setFeedId(image.feed())
        .setSequence(sequence)
        .setCaptureTime(Instant.now())
        .setModality(Modality.RADIOLOGY_SLICE)
        .setEncoding(ImageEncoding.PNG)
        .setWidth(image.width())
        .setHeight(image.height())
        .setChannels(image.channels())
        .setPixels(ByteBuffer.wrap(image.png()))
        .setTasks(List.of(Task.CLASSIFY, Task.SEGMENT))
        .setQos(QosClass.BATCH)
        .build();
  }
}
