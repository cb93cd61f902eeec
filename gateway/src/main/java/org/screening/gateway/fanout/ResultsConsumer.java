package org.screening.gateway.fanout;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.PartitionInfo;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import org.screening.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of the results topic and of the frames' dead-letter topic from the
 * moment the node starts, and every partition of the summaries topic from its start: that topic
 * is a table of each feed's newest summary, which every node rebuilds ({@link FeedSummaries}).
 * Partitions are assigned by hand, not through a consumer group: each node needs all of them
 * anyway, and a group rebalance without committed offsets would restart from the end and skip
 * results. Partitions added later (or a dead-letter or summaries topic created after the node
 * started) are picked up by a periodic check and read from their start.
 */
final class ResultsConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(ResultsConsumer.class);
  private static final long PARTITION_CHECK_MS = 30_000;

  private final Vertx vertx;
  private final KafkaConsumer<String, byte[]> consumer;
  private final ResultPositions positions;
  private final FeedSummaries summaries;
  private final Set<TopicPartition> assigned = new HashSet<>();
  // The client reports a failure while it first connects (bad credentials) only to the
  // exception handler, never to the call that connected: start() would wait forever.
  private final Promise<Void> started = Promise.promise();
  private long partitionCheck = -1;

  private ResultsConsumer(Vertx vertx, KafkaConsumer<String, byte[]> consumer,
      ResultPositions positions, FeedSummaries summaries) {
    this.vertx = vertx;
    this.consumer = consumer;
    this.positions = positions;
    this.summaries = summaries;
  }

  static ResultsConsumer create(Vertx vertx, GatewayConfig config, String nodeId,
      Handler<KafkaConsumerRecord<String, byte[]>> handler, ResultPositions positions,
      FeedSummaries summaries) {
    Map<String, String> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS));
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "gateway-" + nodeId + "-results");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    // Summaries are written in transactions (exactly-once): an aborted one must not be read.
    // Results and dead letters are not, and are read as soon as they are written either way.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.putAll(config.kafkaOverrides(ConfigKeys.KAFKA_CONSUMER));
    KafkaConsumer<String, byte[]> consumer = KafkaConsumer.create(
        vertx, props, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.handler(handler);
    ResultsConsumer results = new ResultsConsumer(vertx, consumer, positions, summaries);
    consumer.exceptionHandler(e -> {
      if (!results.started.tryFail(e)) {
        LOG.warn("Results consumer: {}", e.toString());
      }
    });
    return results;
  }

  /** Completes once every partition is positioned at its end: later results will all be seen. */
  Future<Void> start() {
    partitions().compose(partitions -> {
      if (partitions.stream().noneMatch(p -> Topics.RESULTS.equals(p.getTopic()))) {
        return Future.failedFuture(new IllegalStateException(
            "Topic " + Topics.RESULTS + " does not exist on the broker; create it first"));
      }
      if (partitions.stream().noneMatch(p -> Topics.FRAMES_DLQ.equals(p.getTopic()))) {
        LOG.warn("Topic {} does not exist yet: dead letters reach no client until it does",
            Topics.FRAMES_DLQ);
      }
      if (partitions.stream().noneMatch(p -> Topics.SUMMARIES.equals(p.getTopic()))) {
        LOG.warn("Topic {} does not exist yet: summaries reach no client until it does",
            Topics.SUMMARIES);
      }
      return assign(partitions);
    }).onComplete(done -> {
      if (done.succeeded()) {
        started.tryComplete();
      } else {
        started.tryFail(done.cause());
      }
    });
    return started.future().recover(e -> Future.failedFuture(e instanceof AuthenticationException
        ? new IllegalStateException("Kafka refused the gateway's credentials; check the "
            + "security settings in " + ConfigKeys.KAFKA_CLIENT + " and "
            + ConfigKeys.KAFKA_CONSUMER + ": " + e.getMessage(), e)
        : e)).onSuccess(v -> partitionCheck = vertx.setPeriodic(PARTITION_CHECK_MS, id -> checkPartitions()));
  }

  Future<Void> close() {
    vertx.cancelTimer(partitionCheck);
    return consumer.close();
  }

  private Future<List<PartitionInfo>> partitions() {
    return Future.all(consumer.partitionsFor(Topics.RESULTS),
            consumer.partitionsFor(Topics.FRAMES_DLQ), consumer.partitionsFor(Topics.SUMMARIES))
        .map(topics -> {
          List<PartitionInfo> all = new ArrayList<>();
          for (int i = 0; i < topics.size(); i++) {
            all.addAll(topics.<List<PartitionInfo>>resultAt(i));
          }
          return all;
        });
  }

  private Future<Void> assign(List<PartitionInfo> partitions) {
    Set<TopicPartition> all = partitions.stream()
        .map(p -> new TopicPartition(p.getTopic(), p.getPartition()))
        .collect(Collectors.toSet());
    Set<TopicPartition> added = new HashSet<>(all);
    added.removeAll(assigned);
    if (added.isEmpty()) {
      return Future.succeededFuture();
    }
    // A partition that appears while we run holds nothing older than us: read it from its start.
    // At start, summaries are read from theirs too (the table is rebuilt), the rest from the end.
    boolean starting = assigned.isEmpty();
    Set<TopicPartition> fromStart = added.stream()
        .filter(partition -> !starting || Topics.SUMMARIES.equals(partition.getTopic()))
        .collect(Collectors.toSet());
    Set<TopicPartition> fromEnd = new HashSet<>(added);
    fromEnd.removeAll(fromStart);
    return consumer.assign(all)
        .compose(v -> starting ? markRebuild(fromStart) : Future.succeededFuture())
        // Kafka reads an empty set as "every assigned partition": seek only non-empty ones.
        .compose(v -> fromEnd.isEmpty() ? Future.succeededFuture() : consumer.seekToEnd(fromEnd))
        .compose(v -> fromStart.isEmpty() ? Future.succeededFuture()
            : consumer.seekToBeginning(fromStart))
        .compose(v -> Future.all(added.stream()
            .filter(partition -> Topics.RESULTS.equals(partition.getTopic()))
            .map(partition -> consumer.position(partition)
                .onSuccess(position -> positions.start(partition.getPartition(), position)))
            .toList()))
        .onSuccess(v -> assigned.addAll(added))
        .mapEmpty();
  }

  /** Tells the summaries where each partition ended as the node started (its old records). */
  private Future<Void> markRebuild(Set<TopicPartition> summaryPartitions) {
    if (summaryPartitions.isEmpty()) {
      return Future.succeededFuture();
    }
    // Read committed, the end is the last stable offset: nothing past it predates the node.
    return consumer.endOffsets(summaryPartitions)
        .onSuccess(ends -> ends.forEach((partition, end) ->
            summaries.rebuildUntil(partition.getPartition(), end)))
        .mapEmpty();
  }

  private void checkPartitions() {
    partitions()
        .compose(this::assign)
        .onFailure(e -> LOG.warn("Could not check the results topic for new partitions: {}",
            e.toString()));
  }
}
