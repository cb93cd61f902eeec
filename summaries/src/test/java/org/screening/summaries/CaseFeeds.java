package org.screening.summaries;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.screening.broker.EmbeddedKafka;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.ResultKeys;
import org.screening.schemas.Topics;
import org.screening.schemas.v1.BatchInfo;
import org.screening.schemas.v1.Classification;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.ImageEncoding;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.ModelRef;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.SlideTile;
import org.screening.schemas.v1.Summary;
import org.screening.schemas.v1.Task;
import org.screening.schemas.v1.Timings;

/**
 * Writes frames and results to a real broker as a producer and a worker would, and reads the
 * summaries back. Results are written here rather than by a worker so that each test chooses
 * scores, drops and duplicates exactly.
 */
final class CaseFeeds implements AutoCloseable {

  static final String TENANT = "t";
  static final int PARTITIONS = 2;

  private final EmbeddedKafka kafka;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;

  CaseFeeds(EmbeddedKafka kafka) {
    this.kafka = kafka;
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.SUMMARIES));
  }

  static void createTopics(EmbeddedKafka kafka) {
    kafka.createTopics(List.of(new NewTopic(Topics.FRAMES, PARTITIONS, (short) 1),
        new NewTopic(Topics.RESULTS, PARTITIONS, (short) 1),
        new NewTopic(Topics.SUMMARIES, PARTITIONS, (short) 1)));
  }

  static Frame frame(String feed, long sequence, SlideTile tile, boolean last) {
    return Frame.newBuilder()
        .setFrameId(feed + "-" + sequence).setTenant(TENANT).setFeedId(feed)
        .setSequence(sequence).setCaptureTime(Instant.ofEpochMilli(1_000_000 + sequence * 33))
        .setModality(tile != null ? Modality.PATHOLOGY_TILE : Modality.ENDOSCOPY_FRAME)
        .setEncoding(ImageEncoding.RAW_U8).setWidth(1).setHeight(1).setChannels(1)
        .setPixels(ByteBuffer.wrap(new byte[] {7})).setTasks(List.of(Task.CLASSIFY))
        .setQos(tile != null ? QosClass.BATCH : QosClass.LIVE)
        .setTile(tile).setLastInFeed(last).build();
  }

  static SlideTile tile(int column, int row, int total) {
    return SlideTile.newBuilder().setSlideId("slide-x").setLevel(0).setX(column * 100)
        .setY(row * 100).setWidth(100).setHeight(100).setSlideWidth(400).setSlideHeight(300)
        .setTilesTotal(total).setTilesSkipped(12 - total).build();
  }

  /** A classification whose score for label "suspicious" is {@code score}. */
  static Result screened(String feed, long sequence, float score) {
    return base(feed, sequence).setClassification(Classification.newBuilder()
        .setLabels(List.of("normal", "suspicious"))
        .setProbabilities(List.of(1 - score, score))
        .setTop1Label(score >= 0.5f ? "suspicious" : "normal")
        .setTop1Probability(Math.max(score, 1 - score)).setEntropy(0f).build()).build();
  }

  static Result dropped(String feed, long sequence, String outcome) {
    return base(feed, sequence).setAttributes(Map.of("outcome", outcome)).build();
  }

  private static Result.Builder base(String feed, long sequence) {
    String frameId = feed + "-" + sequence;
    return Result.newBuilder().setResultKey(ResultKeys.of(frameId, "m", "1"))
        .setFrameId(frameId).setTenant(TENANT).setFeedId(feed).setSequence(sequence)
        .setCaptureTime(Instant.ofEpochMilli(1_000_000 + sequence * 33)).setTask(Task.CLASSIFY)
        .setModel(ModelRef.newBuilder().setName("m").setVersion("1").setSha256("00").build())
        .setTimings(Timings.newBuilder().setQueueMs(1).setDecodeMs(1).setInferenceMs(1)
            .setEndToEndMs(10 + sequence).build())
        .setBatch(BatchInfo.newBuilder().setBatchId("b").setBatchSize(1).build())
        .setWorkerId("w").setProducedAt(Instant.ofEpochMilli(2_000_000 + sequence))
        .setAttributes(Map.of());
  }

  void send(Frame frame) {
    producer.send(new ProducerRecord<>(Topics.FRAMES, frame.getFeedId(),
        AvroCodec.frames().encode(frame)));
  }

  void send(Result result) {
    producer.send(new ProducerRecord<>(Topics.RESULTS, result.getFeedId(),
        AvroCodec.results().encode(result)));
  }

  void flush() {
    producer.flush();
  }

  /**
   * The summaries of {@code feed} that arrive until {@code count} have or the deadline passes, then
   * a grace poll. Other feeds' summaries are skipped: each test's instance re-reads the shared
   * topics from the start under its own application id.
   */
  List<Summary> summaries(String feed, int count, Duration deadline) {
    List<Summary> read = new ArrayList<>();
    long end = System.nanoTime() + deadline.toNanos();
    while (read.size() < count && System.nanoTime() < end) {
      poll(feed, read, Duration.ofMillis(200));
    }
    poll(feed, read, Duration.ofSeconds(2)); // a second summary for the feed would show here
    return read;
  }

  private void poll(String feed, List<Summary> into, Duration timeout) {
    for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
      if (feed.equals(r.key())) {
        into.add(AvroCodec.summaries().decode(r.value()));
      }
    }
  }

  @Override
  public void close() {
    producer.close();
    consumer.close();
  }
}
