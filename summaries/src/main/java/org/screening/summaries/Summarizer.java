package org.screening.summaries;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.screening.health.CheckResult;
import org.screening.health.HealthCheck;
import org.screening.health.Probes;

/**
 * The summaries role: one Kafka Streams instance running the case topology with exactly-once v2.
 * Start as many as the frames topic has partitions; they share the work by application id.
 * Its probes read the streams' state; its meters are Kafka Streams' own metrics (threads, tasks,
 * stores and the embedded clients, consumer lag included).
 */
public final class Summarizer implements AutoCloseable, Probes, MeterBinder {

  /** Frames carry pixels: fetch them as large as the broker allows. */
  private static final int MAX_FETCH_BYTES = 16 * 1024 * 1024;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  /** States the instance does not leave by itself: only a restart brings it back. */
  private static final Set<KafkaStreams.State> DEAD = EnumSet.of(KafkaStreams.State.ERROR,
      KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.NOT_RUNNING);

  /**
   * Kafka's meter names that Prometheus's naming rules (promtool check metrics) refuse: times in
   * ns or ms (io, txn and blocked times, start time) are left out, connection counts renamed.
   */
  private static final Set<String> ABBREVIATED_UNITS = Set.of("ns", "ms");
  private static final MeterFilter PROMETHEUS_NAMES = new MeterFilter() {
    @Override
    public Meter.Id map(Meter.Id id) {
      return id.getName().endsWith(".connection.count")
          ? id.withName(id.getName().replaceFirst("\\.connection\\.count$", ".connections"))
          : id;
    }
  };
  private static final MeterFilter NO_ABBREVIATED_UNITS = MeterFilter.deny(id ->
      id.getName().startsWith("kafka.")
          && Arrays.stream(id.getName().split("\\.")).anyMatch(ABBREVIATED_UNITS::contains));

  private final KafkaStreams streams;
  private final CountDownLatch running = new CountDownLatch(1);
  private final List<HealthCheck> liveness = List.of(HealthCheck.of("streams", () ->
      new CheckResult(!DEAD.contains(state()), "state " + state())));
  private final List<HealthCheck> startup = List.of(HealthCheck.of("streams", () ->
      new CheckResult(running.getCount() == 0, running.getCount() == 0
          ? "has been running" : "starting: state " + state())));
  private final List<HealthCheck> readiness = List.of(HealthCheck.of("streams", () ->
      new CheckResult(state() == KafkaStreams.State.RUNNING, "state " + state())));
  private volatile KafkaStreamsMetrics metrics;

  private Summarizer(KafkaStreams streams) {
    this.streams = streams;
  }

  /** Starts the instance; {@link #awaitRunning} waits until its partitions are assigned. */
  public static Summarizer start(SummariesConfig config) {
    KafkaStreams streams = new KafkaStreams(CaseTopology.build(config), properties(config));
    Summarizer summarizer = new Summarizer(streams);
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) {
        summarizer.running.countDown();
      }
    });
    streams.start();
    return summarizer;
  }

  /** True once the instance has joined its group and restored its stores. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** Alive unless the streams stopped or failed for good (a rebalance is alive). */
  @Override
  public List<HealthCheck> liveness() {
    return liveness;
  }

  /** Up once the instance has been running: restoring its stores at start takes a while. */
  @Override
  public List<HealthCheck> startup() {
    return startup;
  }

  /** Up while running: not while rebalancing, restoring or stopping. */
  @Override
  public List<HealthCheck> readiness() {
    return readiness;
  }

  /** Binds Kafka Streams' metrics to {@code registry} until {@link #close}. */
  @Override
  public void bindTo(MeterRegistry registry) {
    registry.config().meterFilter(NO_ABBREVIATED_UNITS).meterFilter(PROMETHEUS_NAMES);
    KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams);
    binder.bindTo(registry);
    metrics = binder;
  }

  static Properties properties(SummariesConfig config) {
    Properties p = new Properties();
    // Security and tuning first: the role's own settings below are not the user's to change.
    p.putAll(config.clientProperties());
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
        MAX_FETCH_BYTES);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), MAX_FETCH_BYTES);
    // Summaries carry a heat-map: allow requests as large as the broker's messages.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), MAX_FETCH_BYTES);
    // A single-broker install (demo, tests) cannot hold three replicas of the changelogs.
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
    // The topology has no global stores; this only opts in to Kafka 5.0's default now.
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    return p;
  }

  @Override
  public void close() {
    streams.close(CLOSE_TIMEOUT);
    if (metrics != null) {
      metrics.close();
    }
  }
}
