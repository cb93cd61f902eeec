package org.screening.launcher.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.screening.broker.EmbeddedKafka;
import org.screening.launcher.support.CapturedOutput;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.Topics;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.stream.Worker;

/**
 * Every DICOM sample sent with {@code send dicom} through a real broker and worker: no identifying
 * header value is in any frame or result on the topics, or in any line printed meanwhile.
 */
class DicomIdentifiersIT {

  private static final Path HOME = Path.of(System.getProperty("screening.home", ".."));
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  @Test
  void noDicomIdentifierReachesAFrameAResultOrALogLine() throws Exception {
    Path dicom = CaseData.at(HOME, System.out).dicom();
    List<Path> files;
    try (Stream<Path> list = Files.list(dicom)) {
      files = list.sorted().toList();
    }
    List<String> identifiers = new ArrayList<>();
    for (Path file : files) {
      identifiers.addAll(DicomHeaders.identifiers(file));
    }
    assertTrue(identifiers.size() >= 20, "identifiers to look for: " + identifiers.size());
    String feed = "dicom-" + UUID.randomUUID();
    StringBuilder topics = new StringBuilder();
    String printed;
    long sent;
    try (CapturedOutput output = CapturedOutput.start();
        EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(List.of(new NewTopic(Topics.FRAMES, 2, (short) 1),
          new NewTopic(Topics.RESULTS, 2, (short) 1),
          new NewTopic(Topics.FRAMES_DLQ, 1, (short) 1)));
      Vertx vertx = Vertx.vertx();
      Worker worker = Worker.start(vertx, WorkerConfig.defaults()
              .with(WorkerConfig.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers())
              .with(WorkerConfig.modelKey("medic-cls", WorkerConfig.MODEL_DIR),
                  HOME.resolve("models/medic-cls/1").toString())
              .with(WorkerConfig.modelKey("medic-seg", WorkerConfig.MODEL_DIR),
                  HOME.resolve("models/medic-seg/1").toString()))
          .toCompletionStage().toCompletableFuture().get(3, TimeUnit.MINUTES);
      try {
        sent = CaseSend.dicom(kafka.bootstrapServers(), "t", feed, files, System.out).sent();
        readAll(kafka.bootstrapServers(), feed, sent, topics);
      } finally {
        worker.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
        vertx.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
      }
      printed = output.text();
    }
    assertEquals(96 + 16 + 11, sent, "every frame: the XA cine, a 16-frame MR, 11 single frames");
    for (String identifier : identifiers) {
      assertFalse(topics.toString().contains(identifier), "an identifier is on a topic");
      assertFalse(printed.contains(identifier), "an identifier was printed");
    }
  }

  /** Every frame of the feed and one result per frame, as Latin-1 text to search. */
  private static void readAll(String bootstrap, String feed, long frames, StringBuilder into) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.FRAMES, Topics.RESULTS, Topics.FRAMES_DLQ));
      long framesRead = 0;
      java.util.Set<String> answered = new java.util.HashSet<>();
      long end = System.nanoTime() + PATIENCE.toNanos();
      while (framesRead < frames || answered.size() < frames) {
        assertTrue(System.nanoTime() < end, "frames " + framesRead + ", results "
            + answered.size() + " of " + frames);
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (!feed.equals(r.key())) {
            continue;
          }
          into.append(new String(r.value(), StandardCharsets.ISO_8859_1));
          if (r.topic().equals(Topics.FRAMES)) {
            framesRead++;
          } else if (r.topic().equals(Topics.RESULTS)) {
            answered.add(AvroCodec.results().decode(r.value()).getFrameId());
          } else {
            answered.add(AvroCodec.frames().decode(r.value()).getFrameId());
          }
        }
      }
    }
  }
}
