package org.screening.workers.stream;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaReadStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.screening.workers.config.WorkerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frames consumer: group membership, offsets and back-pressure.
 *
 * <p>Records arrive a poll at a time ({@code batchHandler}, never the per-record handler): the
 * Vert.x client runs rebalance callbacks on the event loop after the polls before them, so a
 * revocation is seen after every record polled under the old assignment and before any polled
 * under the new one, and records of partitions no longer assigned can be told apart.
 *
 * <p>Back-pressure pauses the partitions, never the stream: the poll loop keeps running (and
 * returns nothing for paused partitions), so the member keeps its place in the group however
 * long the models take. Pause and resume go one partition per request, so a partition revoked in
 * the meantime fails only its own request.
 *
 * <p>Offsets are committed every {@code kafka.commitIntervalMs}, up to what {@link
 * PartitionOffsets} allows. Revoked partitions are dropped without a commit: the new owner
 * starts from the last committed offset, which is at-least-once with deterministic result keys.
 *
 * <p>Per assigned partition it exposes the client's lag, whether it is paused and the age of its
 * oldest unfinished frame (what tells a stuck partition from a busy one).
 */
final class FrameConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(FrameConsumer.class);

  private final Vertx vertx;
  private final WorkerConfig config;
  private final FramePipeline pipeline;
  private final WorkerCounters counters;
  private final OffsetTracker offsets = new OffsetTracker();
  private final Watermarks watermarks;
  /** Read by the metrics from any thread. */
  private final Set<TopicPartition> paused = ConcurrentHashMap.newKeySet();
  private final MultiGauge lag;
  private final MultiGauge pausedFlag;
  private final MultiGauge oldestUnfinished;
  private volatile KafkaReadStream<byte[], byte[]> stream;
  private long commitTimer = -1;
  private boolean committing;
  private boolean stopped;

  FrameConsumer(Vertx vertx, WorkerConfig config, FramePipeline pipeline,
      WorkerCounters counters) {
    this.vertx = vertx;
    this.config = config;
    this.pipeline = pipeline;
    this.counters = counters;
    this.watermarks = new Watermarks(config.getInt(WorkerConfig.QUEUE_HIGH_WATER),
        config.getInt(WorkerConfig.QUEUE_LOW_WATER));
    this.lag = MultiGauge.builder("screening.worker.consumer.lag")
        .description("Records between this worker's position and the partition's end, as the "
            + "Kafka client last measured it (NaN before its first fetch)")
        .register(counters.registry());
    this.pausedFlag = MultiGauge.builder("screening.worker.partition.paused")
        .description("1 while the partition is paused (back-pressure or shutdown)")
        .register(counters.registry());
    this.oldestUnfinished = MultiGauge.builder("screening.worker.partition.oldest.unfinished")
        .description("Age of the partition's oldest unfinished frame; 0 when none is")
        .baseUnit("seconds").register(counters.registry());
  }

  /**
   * Asks the broker for the frames topic, then joins the group; call on the worker's event loop,
   * which the client then calls back on. Fails if the broker refuses the worker's credentials or
   * rights; a broker that does not answer is waited for, as before.
   */
  Future<Void> start() {
    stream = KafkaReadStream.create(vertx, config.consumerProperties());
    stream.pollTimeout(Duration.ofMillis(config.getLong(WorkerConfig.KAFKA_POLL_TIMEOUT_MS)));
    stream.exceptionHandler(e -> LOG.warn("Frames consumer: {}", e.toString()));
    stream.partitionsAssignedHandler(this::assigned);
    stream.partitionsRevokedHandler(this::revoked);
    stream.batchHandler(this::polled);
    commitTimer = vertx.setPeriodic(config.getLong(WorkerConfig.KAFKA_COMMIT_INTERVAL_MS),
        id -> {
          if (!committing) {
            commit();
          }
        });
    String topic = config.getString(WorkerConfig.TOPIC_FRAMES);
    // Polls only report a refusal to the exception handler and retry it forever, so the worker
    // would look ready while it can never consume: this first request fails on it instead.
    return stream.partitionsFor(topic)
        .<Void>mapEmpty()
        .recover(FrameConsumer::refusedOrRetried)
        .compose(v -> stream.subscribe(Set.of(topic)));
  }

  private static Future<Void> refusedOrRetried(Throwable e) {
    if (e instanceof AuthenticationException) {
      return Future.failedFuture(new IllegalStateException("Kafka refused the worker's "
          + "credentials; check the security settings in " + WorkerConfig.KAFKA_CLIENT_PREFIX
          + "* and " + WorkerConfig.KAFKA_CONSUMER_PREFIX + "*: " + e.getMessage(), e));
    }
    if (e instanceof AuthorizationException) {
      return Future.failedFuture(new IllegalStateException("Kafka refused the worker access to "
          + "its topics or group; check its ACLs and the principal set in "
          + WorkerConfig.KAFKA_CLIENT_PREFIX + "*: " + e.getMessage(), e));
    }
    // An unreachable broker (a timeout) may yet come up: the polls keep trying it.
    LOG.warn("Kafka did not answer the worker yet ({}); still trying", e.toString());
    return Future.succeededFuture();
  }

  /** Applies the water marks to the number of frames in flight. */
  void backPressure(int inFlight) {
    switch (watermarks.update(inFlight)) {
      case PAUSE -> {
        counters.pauses.incrementAndGet();
        pause(offsets.partitions());
      }
      case RESUME -> {
        if (!stopped) {
          resumeAll();
        }
      }
      case NONE -> { }
    }
  }

  /** Stops taking frames: pauses every partition but keeps polling, so the group keeps us. */
  void stopConsuming() {
    stopped = true;
    pause(offsets.partitions());
  }

  /** Commits what is finished now, whatever the timer says. */
  Future<Void> commit() {
    Map<PartitionOffsets, Long> targets = offsets.committable();
    if (targets.isEmpty() || stream == null) {
      return Future.succeededFuture();
    }
    Map<TopicPartition, OffsetAndMetadata> request = new HashMap<>();
    targets.forEach((p, offset) -> request.put(p.partition(), new OffsetAndMetadata(offset)));
    committing = true;
    return stream.commit(request).onComplete(done -> {
      committing = false;
      if (done.succeeded()) {
        targets.forEach(PartitionOffsets::committed);
      } else {
        LOG.warn("Offset commit failed, retried at the next interval: {}", done.cause().toString());
      }
    }).mapEmpty();
  }

  /** Safe from any thread: see {@link OffsetTracker#oldestUnfinished()}. */
  Map<TopicPartition, Duration> oldestUnfinished() {
    return offsets.oldestUnfinished();
  }

  /** Leaves the group; commits nothing (call {@link #commit()} first for that). */
  Future<Void> close() {
    vertx.cancelTimer(commitTimer);
    lag.register(List.of(), true);
    pausedFlag.register(List.of(), true);
    oldestUnfinished.register(List.of(), true);
    return stream == null ? Future.succeededFuture() : stream.close();
  }

  private void polled(ConsumerRecords<byte[], byte[]> records) {
    if (stopped) {
      // Not tracked, so not committed: whoever consumes next gets them.
      return;
    }
    for (ConsumerRecord<byte[], byte[]> record : records) {
      PartitionOffsets partition =
          offsets.get(new TopicPartition(record.topic(), record.partition()));
      if (partition != null) {
        pipeline.accept(record, partition);
      }
    }
  }

  private void assigned(Set<TopicPartition> partitions) {
    offsets.assign(partitions);
    counters.rebalances.incrementAndGet();
    counters.assigned.set(offsets.partitions().size());
    partitionMeters();
    LOG.info("Assigned {} partition(s): {}", partitions.size(), partitions);
    if (stopped || watermarks.paused()) {
      pause(partitions);
    } else {
      // A pause requested before the rebalance may reach the client after it, landing on the
      // new assignment after revoked() forgot it: nothing would ever resume those partitions.
      // Requests run in order, so this one, queued after it, settles their state.
      resume(partitions);
    }
  }

  private void revoked(Set<TopicPartition> partitions) {
    LOG.info("Revoked {} partition(s): {}", partitions.size(), partitions);
    offsets.revoke(partitions);
    paused.removeAll(partitions);
    counters.assigned.set(offsets.partitions().size());
    counters.paused.set(paused.size());
    partitionMeters();
    pipeline.revoke(partitions);
  }

  /** One row per partition owned now, dropping those of revoked partitions. */
  private void partitionMeters() {
    rows(lag, this::lag);
    rows(pausedFlag, partition -> paused.contains(partition) ? 1 : 0);
    rows(oldestUnfinished, partition -> offsets.oldestUnfinished()
        .getOrDefault(partition, Duration.ZERO).toNanos() / 1e9);
  }

  private void rows(MultiGauge gauge, ToDoubleFunction<TopicPartition> value) {
    List<MultiGauge.Row<?>> rows = offsets.partitions().stream()
        .<MultiGauge.Row<?>>map(p -> MultiGauge.Row.of(Tags.of("topic", p.topic(),
            "partition", Integer.toString(p.partition())), p, value))
        .toList();
    gauge.register(rows, true);
  }

  /** The client's own records-lag metric; its metrics may be read from any thread. */
  private double lag(TopicPartition partition) {
    KafkaReadStream<byte[], byte[]> consumer = stream;
    if (consumer == null) {
      return Double.NaN;
    }
    String number = Integer.toString(partition.partition());
    try {
      for (Map.Entry<MetricName, ? extends Metric> metric
          : consumer.unwrap().metrics().entrySet()) {
        MetricName name = metric.getKey();
        if (name.name().equals("records-lag")
            && number.equals(name.tags().get("partition"))
            && partition.topic().equals(name.tags().get("topic"))
            && metric.getValue().metricValue() instanceof Number lag) {
          return lag.doubleValue();
        }
      }
    } catch (RuntimeException e) {
      // A closed client: no figure rather than a failed scrape.
    }
    return Double.NaN;
  }

  private void pause(Set<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      if (paused.add(partition)) {
        stream.pause(Set.of(partition)).onFailure(e -> LOG.debug("Pause {}: {}", partition, e));
      }
    }
    counters.paused.set(paused.size());
  }

  private void resumeAll() {
    resume(paused);
    paused.clear();
    counters.paused.set(0);
  }

  private void resume(Set<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      stream.resume(Set.of(partition)).onFailure(e -> LOG.debug("Resume {}: {}", partition, e));
    }
  }
}
