package org.screening.launcher.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.Topics;
import org.screening.schemas.v1.Summary;

/**
 * Reads {@code screening.summaries.v1} from the start (committed transactions only, as any
 * downstream reader should) and collects one feed's summaries.
 */
public final class SummaryWatch implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final String feed;
  private final List<Summary> seen = new ArrayList<>();

  public SummaryWatch(String bootstrapServers, String feed) {
    this.feed = feed;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "summary-watch-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.SUMMARIES));
  }

  /** Polls until the feed has a summary or {@code timeout} passes; all of its summaries so far. */
  public List<Summary> await(Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (seen.isEmpty() && System.nanoTime() < end) {
      poll(Duration.ofMillis(200));
    }
    return List.copyOf(seen);
  }

  /** Keeps reading for {@code duration}: a second summary of the feed would show here. */
  public List<Summary> linger(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      poll(Duration.ofMillis(200));
    }
    return List.copyOf(seen);
  }

  private void poll(Duration timeout) {
    for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
      if (feed.equals(r.key())) {
        seen.add(AvroCodec.summaries().decode(r.value()));
      }
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
