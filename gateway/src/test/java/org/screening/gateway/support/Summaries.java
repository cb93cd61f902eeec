package org.screening.gateway.support;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.Topics;
import org.screening.schemas.v1.CaseKind;
import org.screening.schemas.v1.CaseTimings;
import org.screening.schemas.v1.ClosedBy;
import org.screening.schemas.v1.SlideSummary;
import org.screening.schemas.v1.Summary;
import org.screening.schemas.v1.TileScore;

/**
 * Case summaries as the summaries role writes them: Avro single-object encoded, keyed by feed
 * id, each in a Kafka transaction of its own (the role runs exactly-once).
 */
public final class Summaries {

  private Summaries() {}

  /** A slide's summary: {@code screened} tiles, one listed with its score, and a heat map. */
  public static Summary slide(String tenant, String feed, int screened, float score) {
    return Summary.newBuilder()
        .setTenant(tenant)
        .setFeedId(feed)
        .setKind(CaseKind.SLIDE)
        .setClosedBy(ClosedBy.ALL_ANSWERED)
        .setFramesSent(screened)
        .setFramesScreened(screened)
        .setFramesDroppedStale(0)
        .setFramesDroppedDeadline(0)
        .setFramesUnanswered(0)
        .setModel("med-ic-cls:1")
        .setScoreLabel("")
        .setMaxScore(score)
        .setSlide(SlideSummary.newBuilder()
            .setSlideId("slide-" + feed)
            .setLevel(0)
            .setSlideWidth(512)
            .setSlideHeight(256)
            .setTilesAnnounced(screened)
            .setTilesScreened(screened)
            .setTilesSkipped(0)
            .setScore(score)
            .setTopK(1)
            .setTopTiles(List.of(TileScore.newBuilder().setSequence(0).setX(256).setY(0)
                .setWidth(256).setHeight(256).setScore(score).build()))
            .setHeatmapPng(ByteBuffer.wrap(Images.png(2, 1, 1)))
            .setHeatmapWidth(2)
            .setHeatmapHeight(1)
            .build())
        .setTimings(CaseTimings.newBuilder()
            .setFirstCaptureTime(Instant.ofEpochMilli(1_000))
            .setLastCaptureTime(Instant.ofEpochMilli(2_000))
            .setLastResultTime(Instant.ofEpochMilli(3_000))
            .setEndToEndP50Ms(40)
            .setEndToEndP99Ms(90)
            .setEndToEndMaxMs(95)
            .build())
        .setProducedAt(Instant.now())
        .build();
  }

  /** Writes each summary in a committed transaction. */
  public static void write(String bootstrapServers, Summary... summaries) {
    send(bootstrapServers, producer -> producer.commitTransaction(), summaries);
  }

  /** Writes the summaries in a transaction that is then aborted, as a failed task's would be. */
  public static void writeAborted(String bootstrapServers, Summary... summaries) {
    send(bootstrapServers, producer -> producer.abortTransaction(), summaries);
  }

  private static void send(String bootstrapServers,
      Consumer<KafkaProducer<String, byte[]>> end, Summary... summaries) {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "summaries-test-" + UUID.randomUUID()),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      for (Summary summary : summaries) {
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(Topics.SUMMARIES, summary.getFeedId(),
            AvroCodec.summaries().encode(summary)));
        // On the broker before the transaction ends, so that an abort has records to abort.
        producer.flush();
        end.accept(producer);
      }
    }
  }
}
