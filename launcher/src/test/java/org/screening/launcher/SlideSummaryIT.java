package org.screening.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.broker.EmbeddedKafka;
import org.screening.launcher.demo.SummaryWatch;
import org.screening.launcher.send.CaseData;
import org.screening.launcher.send.CaseSend;
import org.screening.launcher.send.SendReport;
import org.screening.launcher.support.ChildJvm;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.Topics;
import org.screening.schemas.v1.ClosedBy;
import org.screening.schemas.v1.Summary;
import org.screening.workers.config.WorkerConfig;

/**
 * The prepared slide through a real broker, a worker and the summaries role, each in its own JVM
 * from the packaged jar: the slide's summary appears exactly once and counts every tissue tile,
 * also when the worker and the summaries instance are SIGKILLed with the slide half done.
 */
class SlideSummaryIT {

  private static final Path HOME = Path.of(System.getProperty("screening.home", ".."));
  private static final Duration START = Duration.ofMinutes(3);
  private static final Duration PATIENCE = Duration.ofMinutes(4);
  private static final int TILE = 128;
  private static final double MIN_TISSUE = 0.25;

  @TempDir
  Path dir;

  @Test
  void aSlidesSummaryAppearsOnceWithEveryTileAlthoughAWorkerAndTheAggregatorDieMidSlide()
      throws Exception {
    CaseData data = CaseData.at(HOME, System.out);
    String feed = "slide-" + UUID.randomUUID();
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        SummaryWatch watch = new SummaryWatch(kafka.bootstrapServers(), feed)) {
      kafka.createTopics(List.of(new NewTopic(Topics.FRAMES, 4, (short) 1),
          new NewTopic(Topics.RESULTS, 4, (short) 1), new NewTopic(Topics.SUMMARIES, 4, (short) 1),
          new NewTopic(Topics.FRAMES_DLQ, 1, (short) 1)));
      String bootstrap = kafka.bootstrapServers();
      List<ChildJvm> children = new ArrayList<>();
      try {
        ChildJvm worker = worker(bootstrap, "w1");
        ChildJvm summaries = summaries(bootstrap, "s1");
        children.addAll(List.of(worker, summaries));
        worker.awaitLine("ready", START);
        summaries.awaitLine("summaries: running", START);

        SendReport sent = CaseSend.slide(bootstrap, "t", feed, data.slide(), 0, TILE, MIN_TISSUE,
            System.out);
        awaitResults(bootstrap, feed, (int) sent.sent() / 3);
        worker.kill();
        summaries.kill();
        assertTrue(watch.await(Duration.ofSeconds(1)).isEmpty(),
            "the slide must still be unfinished when its worker and aggregator die");

        ChildJvm worker2 = worker(bootstrap, "w2");
        ChildJvm summaries2 = summaries(bootstrap, "s2");
        children.addAll(List.of(worker2, summaries2));

        List<Summary> summaries1 = watch.await(PATIENCE);
        List<Summary> all = watch.linger(Duration.ofSeconds(5));

        assertEquals(1, all.size(), "exactly one summary: " + all);
        Summary s = summaries1.get(0);
        assertEquals(ClosedBy.ALL_ANSWERED, s.getClosedBy());
        assertEquals(sent.sent(), s.getSlide().getTilesAnnounced());
        assertEquals(sent.sent(), s.getSlide().getTilesScreened());
        assertEquals(sent.skipped(), s.getSlide().getTilesSkipped());
        assertEquals(sent.sent(), s.getFramesScreened());
        assertTrue(sent.skipped() > 0 && sent.sent() > 0, "the slide has glass and tissue");
      } finally {
        for (ChildJvm child : children) {
          child.close();
        }
      }
    }
  }

  /** A worker slowed to one tile per 200 ms batch, so that the slide takes long enough to cut. */
  private ChildJvm worker(String bootstrap, String id) throws Exception {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(WorkerConfig.WORKER_ID, id);
    config.put(WorkerConfig.KAFKA_BOOTSTRAP_SERVERS, bootstrap);
    config.put(WorkerConfig.modelKey("medic-cls", WorkerConfig.MODEL_DIR),
        HOME.resolve("models/medic-cls/1").toString());
    config.put(WorkerConfig.modelKey("medic-cls", WorkerConfig.MODEL_MAX_BATCH_SIZE), 1);
    config.put(WorkerConfig.ROUTING_SEGMENT, "");
    config.put(WorkerConfig.FAULT_INFERENCE_DELAY_MS, 200);
    config.put(WorkerConfig.KAFKA_CONSUMER_PREFIX + "session.timeout.ms", 6000);
    config.put(WorkerConfig.KAFKA_CONSUMER_PREFIX + "heartbeat.interval.ms", 500);
    Path file = dir.resolve(id + ".json");
    Files.writeString(file, new ObjectMapper().writeValueAsString(config));
    return ChildJvm.start(HOME, List.of("worker", "--config", file.toString()));
  }

  private ChildJvm summaries(String bootstrap, String name) throws Exception {
    return ChildJvm.start(HOME, List.of("summaries", "--bootstrap-servers", bootstrap,
        "--application-id", "slide-it", "--state-dir", dir.resolve(name).toString()));
  }

  /** Waits until {@code count} distinct tiles of the feed have a result. */
  private static void awaitResults(String bootstrap, String feed, int count) {
    Set<String> frames = ConcurrentHashMap.newKeySet();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.RESULTS));
      long end = System.nanoTime() + PATIENCE.toNanos();
      while (frames.size() < count) {
        assertTrue(System.nanoTime() < end, "only " + frames.size() + " tiles answered");
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (feed.equals(r.key())) {
            frames.add(AvroCodec.results().decode(r.value()).getFrameId());
          }
        }
      }
    }
  }
}
