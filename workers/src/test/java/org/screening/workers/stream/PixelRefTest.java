package org.screening.workers.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.DeadLetterHeaders;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.Task;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.decode.TestPictures;

/** Frames whose pixels travel beside the message, as pixels_ref. */
class PixelRefTest {

  private final Vertx vertx = Vertx.vertx();

  @TempDir
  Path dir;

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  void frameWhosePixelsAreAFileUnderAnAllowedRootIsScreened() throws Exception {
    Path root = Files.createDirectory(dir.resolve("slides"));
    Path tile = Files.write(root.resolve("tile.png"),
        TestPictures.encode(TestPictures.gradient(32, 24), "png"));
    TestKafka.Topics topics = TestKafka.topics(1);
    Map<String, Object> config = TestWorkers.classifier(topics, "pixels-ref-file");
    config.put(WorkerConfig.REF_FILE_ROOTS, root.toString());
    Worker worker = Worker.start(vertx, WorkerConfig.of(config)).await();

    TestKafka.produce(topics.frames(), List.of(TestFrames.record(referring("tile", tile))));
    List<ConsumerRecord<byte[], byte[]>> results =
        TestKafka.readUntil(topics.results(), read -> !read.isEmpty());
    worker.close().await();

    assertEquals(1, results.size());
    assertEquals("tile", AvroCodec.results().decode(results.get(0).value()).getFrameId());
    assertEquals(0, worker.metrics().deadLetters());
  }

  @Test
  void frameWhosePixelsRefLeadsOutOfTheRootsIsDeadLetteredAsNotAllowed() throws Exception {
    Path root = Files.createDirectory(dir.resolve("slides"));
    Path secret = Files.write(dir.resolve("secret.png"),
        TestPictures.encode(TestPictures.gradient(32, 24), "png"));
    TestKafka.Topics topics = TestKafka.topics(1);
    Map<String, Object> config = TestWorkers.classifier(topics, "pixels-ref-outside");
    config.put(WorkerConfig.REF_FILE_ROOTS, root.toString());
    Worker worker = Worker.start(vertx, WorkerConfig.of(config)).await();

    Frame frame = referring("escape", secret);
    frame.setPixelsRef("file://" + root + "/../secret.png");
    TestKafka.produce(topics.frames(), List.of(TestFrames.record(frame)));
    List<ConsumerRecord<byte[], byte[]>> deadLetters =
        TestKafka.readUntil(topics.deadLetters(), read -> !read.isEmpty());
    worker.close().await();

    assertEquals(1, deadLetters.size());
    assertEquals("REF_NOT_ALLOWED", new String(deadLetters.get(0).headers()
        .lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8));
  }

  private static Frame referring(String frameId, Path file) {
    Frame frame = TestFrames.png(frameId, "feed", 1, Task.CLASSIFY).build();
    frame.setPixels(null);
    frame.setPixelsRef(file.toUri().toString());
    return frame;
  }
}
