package org.screening.summaries;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The summaries role: one Kafka Streams instance running the case topology with exactly-once v2.
 * Start as many as the frames topic has partitions; they share the work by application id.
 */
public final class Summarizer implements AutoCloseable {

  /** Frames carry pixels: fetch them as large as the broker allows. */
  private static final int MAX_FETCH_BYTES = 16 * 1024 * 1024;
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final CountDownLatch running = new CountDownLatch(1);

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

  static Properties properties(SummariesConfig config) {
    Properties p = new Properties();
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
  }
}
