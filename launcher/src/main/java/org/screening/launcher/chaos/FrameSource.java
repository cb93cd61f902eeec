package org.screening.launcher.chaos;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.screening.launcher.demo.DemoFeed;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.Task;

/**
 * The frames a scenario streams: the demo's real MRI and CT slices, spread round-robin over
 * {@value #FEEDS} feeds of the demo tenant (more feeds than partitions, so every worker gets
 * some), each asking for classification only, each with a fresh id.
 */
final class FrameSource {

  static final int FEEDS = 6;
  static final Set<Task> TASKS = Set.of(Task.CLASSIFY);

  private final DemoFeed images;
  private final long[] sequences = new long[FEEDS];
  private int next;

  FrameSource(DemoFeed images) {
    this.images = images;
  }

  static List<String> feeds() {
    List<String> feeds = new ArrayList<>();
    for (int i = 0; i < FEEDS; i++) {
      feeds.add("chaos-" + i);
    }
    return feeds;
  }

  synchronized Frame next() {
    int feed = next++ % FEEDS;
    return Frame.newBuilder(images.next())
        .setFrameId(UUID.randomUUID().toString())
        .setFeedId("chaos-" + feed)
        .setSequence(sequences[feed]++)
        .setTasks(List.copyOf(TASKS))
        .build();
  }

  /** The frame's PNG bytes, as an HTTP client would upload them. */
  static byte[] png(Frame frame) {
    ByteBuffer pixels = frame.getPixels().duplicate();
    byte[] bytes = new byte[pixels.remaining()];
    pixels.get(bytes);
    return bytes;
  }
}
