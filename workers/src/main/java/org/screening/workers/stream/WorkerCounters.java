package org.screening.workers.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.screening.schemas.DeadLetterReason;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.QosClass;

/**
 * Written on the worker's event loop, read by {@link Worker#metrics()} and by the meter registry
 * from any thread. Each count is also a meter ({@code screening_worker_*}); what only a label can
 * split (dead letters by reason, decode time by encoding) goes to the registry alone.
 */
final class WorkerCounters {

  /** Decode-time buckets: a 28x28 PNG takes well under a millisecond, a large tile seconds. */
  private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30)};
  private static final Duration[] DECODE_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2),
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofSeconds(5)};

  final AtomicLong consumed = new AtomicLong();
  final AtomicLong results = new AtomicLong();
  final AtomicLong deadLetters = new AtomicLong();
  final AtomicLong dropped = new AtomicLong();
  final AtomicLong pauses = new AtomicLong();
  final AtomicLong rebalances = new AtomicLong();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger assigned = new AtomicInteger();
  final AtomicInteger paused = new AtomicInteger();
  private final MeterRegistry registry;

  WorkerCounters(MeterRegistry registry) {
    this.registry = registry;
    counter("screening.worker.frames.consumed", consumed,
        "Frames taken from the frames topic (redeliveries count again)");
    counter("screening.worker.results", results,
        "Results acknowledged by the broker, reported drops included");
    counter("screening.worker.frames.dropped", dropped,
        "LIVE frames reported as dropped (superseded or past their deadline)");
    counter("screening.worker.pauses", pauses, "Times back-pressure paused the partitions");
    counter("screening.worker.rebalances", rebalances, "Partition assignments received");
    gauge("screening.worker.frames.in.flight", inFlight,
        "Frames consumed and not yet finished (what the water marks count)");
    gauge("screening.worker.partitions.assigned", assigned, "Partitions this worker owns");
    gauge("screening.worker.partitions.paused", paused,
        "Partitions paused by back-pressure or by shutdown");
  }

  /**
   * A frame whose every result the broker acknowledged, {@code millis} after it was produced
   * (its record's timestamp): the end-to-end latency operators hold to an objective.
   */
  void answered(Modality modality, QosClass qos, double millis) {
    Timer.builder("screening.frame.latency")
        .description("From a frame's production to the acknowledgement of its last result, "
            + "by modality and QoS")
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .tag("modality", modality.name()).tag("qos", qos.name()).register(registry)
        .record((long) (millis * 1e6), TimeUnit.NANOSECONDS);
  }

  MeterRegistry registry() {
    return registry;
  }

  /** A dead letter the broker acknowledged. */
  void deadLettered(DeadLetterReason reason) {
    deadLetters.incrementAndGet();
    Counter.builder("screening.worker.dead.letters")
        .description("Dead letters acknowledged by the broker, by reason")
        .tag("reason", reason.name()).register(registry).increment();
  }

  /**
   * A result or dead letter ({@code kind}) the producer gave up on: its frame stays unfinished
   * and its partition's offset cannot move past it.
   */
  void publishFailed(String kind) {
    Counter.builder("screening.worker.publish.failures")
        .description("Results and dead letters the producer gave up on, by kind")
        .tag("kind", kind).register(registry).increment();
  }

  /** A frame decoded and resized for its models in {@code millis}. */
  void decoded(String encoding, double millis) {
    Timer.builder("screening.worker.decode.duration")
        .description("Time to decode a frame and resize it for its models, by encoding")
        .serviceLevelObjectives(DECODE_BUCKETS)
        .tag("encoding", encoding).register(registry)
        .record((long) (millis * 1e6), TimeUnit.NANOSECONDS);
  }

  WorkerMetrics snapshot(List<ModelMetrics> models) {
    return new WorkerMetrics(consumed.get(), results.get(), deadLetters.get(), dropped.get(),
        models.stream().mapToInt(ModelMetrics::pendingRequestCount).sum(), inFlight.get(),
        assigned.get(), paused.get(), pauses.get(), rebalances.get(), models);
  }

  private void counter(String name, AtomicLong count, String description) {
    FunctionCounter.builder(name, count, AtomicLong::get).description(description)
        .register(registry);
  }

  private void gauge(String name, AtomicInteger value, String description) {
    Gauge.builder(name, value, AtomicInteger::get).description(description).register(registry);
  }
}
