package org.screening.gateway.fanout;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.MessageDecodingException;
import org.screening.schemas.Topics;
import org.screening.schemas.v1.Result;

/**
 * Reads a feed's results back from the results topic, for a client that resumes from a position
 * this node no longer holds in memory (or never did: it started later). Event ids are topic
 * positions, so the topic itself is the replay buffer, as far back as its retention goes. Each
 * replay is a short-lived consumer assigned to the feed's partition (no group, nothing
 * committed), on a small worker pool: the blocking Kafka calls stay off the event loop.
 */
final class TopicReplay {

  /** Replays that may run at once; more wait their turn. */
  private static final int THREADS = 2;
  private static final Duration POLL = Duration.ofMillis(200);

  /** A result read back, with the key that tells a redelivered copy. */
  record Item(ResultEvent event, String resultKey) {}

  /**
   * What a replay found: {@code firstAvailable} when retention had removed part of the range (the
   * first position left), the feed's results in order, and whether it stopped at its cap.
   */
  record Replayed(EventId firstAvailable, List<Item> items, boolean truncated) {}

  private final WorkerExecutor executor;
  private final Map<String, Object> properties;
  private final long timeoutMs;

  TopicReplay(Vertx vertx, GatewayConfig config, String nodeId) {
    this.executor = vertx.createSharedWorkerExecutor("gateway-replay-" + nodeId, THREADS,
        2 * config.get(ConfigKeys.LIMITS_IN_FLIGHT_TIMEOUT_MS), TimeUnit.MILLISECONDS);
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS));
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "gateway-" + nodeId + "-replay");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.putAll(config.kafkaOverrides(ConfigKeys.KAFKA_CONSUMER));
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.properties = props;
    this.timeoutMs = config.get(ConfigKeys.LIMITS_IN_FLIGHT_TIMEOUT_MS);
  }

  /**
   * The feed's results on {@code after}'s partition from just after it up to {@code upTo}
   * (inclusive), at most {@code max} of them.
   */
  Future<Replayed> read(FeedKey feed, EventId after, long upTo, int max) {
    return executor.executeBlocking(() -> readBlocking(feed, after, upTo, max), false);
  }

  void close() {
    executor.close();
  }

  private Replayed readBlocking(FeedKey feed, EventId after, long upTo, int max) {
    TopicPartition partition = new TopicPartition(Topics.RESULTS, after.partition());
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties,
        new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      long first = consumer.beginningOffsets(List.of(partition)).get(partition);
      long from = after.offset() + 1;
      EventId firstAvailable = null;
      if (from < first) {
        firstAvailable = new EventId(after.partition(), first);
        from = first;
      }
      consumer.seek(partition, from);
      List<Item> items = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
      while (consumer.position(partition) <= upTo) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("replay from the results topic took over " + timeoutMs + " ms");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          if (record.offset() > upTo) {
            break;
          }
          Item item = item(feed, record);
          if (item == null) {
            continue;
          }
          if (items.size() == max) {
            return new Replayed(firstAvailable, items, true);
          }
          items.add(item);
        }
      }
      return new Replayed(firstAvailable, items, false);
    }
  }

  /** The record as an item if it is a readable result of {@code feed}, else null. */
  private static Item item(FeedKey feed, ConsumerRecord<String, byte[]> record) {
    // The key is the feed id: most records of the partition are skipped without decoding.
    if (!feed.feed().equals(record.key())) {
      return null;
    }
    try {
      Result result = AvroCodec.results().decode(record.value());
      if (!feed.tenant().equals(result.getTenant()) || !feed.feed().equals(result.getFeedId())) {
        return null;
      }
      return new Item(ResultEvent.of(result, new EventId(record.partition(), record.offset())),
          result.getResultKey());
    } catch (MessageDecodingException e) {
      return null; // counted when this node's consumer read it live
    }
  }
}
