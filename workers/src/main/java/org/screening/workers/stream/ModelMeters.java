package org.screening.workers.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.screening.workers.inference.ResultFactory;
import org.screening.workers.inference.ServedModel;

/**
 * One model's counts, kept for {@link ModelMetrics} snapshots and exposed as meters named after
 * Triton's ({@code nv_inference_request_success} becomes {@code
 * screening_inference_request_success_total}, and so on, with durations in seconds where Triton
 * counts microseconds), labelled {@code model} and {@code version}. Updated from the event loop and the model's thread.
 */
final class ModelMeters {

  private static final String FAILURE = "screening.inference.request.failure";
  private static final String FAILURE_DOC = "Frames this model gave no inferred result, by reason: "
      + "inference_failed (dead-lettered), dropped_stale, dropped_deadline (LIVE drops, reported)";
  /** {@code reason} of a frame that failed alone in the session and was dead-lettered. */
  static final String INFERENCE_FAILED = "inference_failed";

  private final String key;
  private final AtomicLong success = new AtomicLong();
  private final AtomicLong failure = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong execs = new AtomicLong();
  private final AtomicLong inferences = new AtomicLong();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong queueUs = new AtomicLong();
  private final AtomicLong computeUs = new AtomicLong();
  private final Counter droppedStale;
  private final Counter droppedDeadline;
  private final DistributionSummary batchSizes;

  ModelMeters(MeterRegistry registry, ServedModel model, int maxBatchSize) {
    this.key = model.key();
    Tags tags = Tags.of("model", model.name(), "version", model.version());
    count(registry, "screening.inference.request.success", tags, success,
        "Frames that got an inferred result from this model");
    FunctionCounter.builder(FAILURE, failure, AtomicLong::get).description(FAILURE_DOC)
        .tags(tags).tag("reason", INFERENCE_FAILED).register(registry);
    droppedStale = Counter.builder(FAILURE).description(FAILURE_DOC).tags(tags)
        .tag("reason", ResultFactory.DROPPED_STALE).register(registry);
    droppedDeadline = Counter.builder(FAILURE).description(FAILURE_DOC).tags(tags)
        .tag("reason", ResultFactory.DROPPED_DEADLINE).register(registry);
    // Not a failure: the frame stays unfinished and runs again until it gets an answer.
    count(registry, "screening.inference.request.retries", tags, retries,
        "Frames the system failed (a closed session, a device error, memory) and that run "
            + "again after a backoff");
    count(registry, "screening.inference.count", tags, inferences,
        "Frames run through a session (a bisected batch counts its frames once)");
    count(registry, "screening.inference.exec.count", tags, execs,
        "Batches run (a bisected batch counts once)");
    // Triton counts microseconds (nv_inference_queue_duration_us); Prometheus's naming rules
    // (promtool check metrics) want base units, so these are seconds.
    seconds(registry, "screening.inference.queue.duration", tags, queueUs,
        "Cumulative time frames spent from consumption to their batch's start");
    seconds(registry, "screening.inference.compute.infer.duration", tags, computeUs,
        "Cumulative time of batch runs");
    // Triton's nv_inference_pending_request_count; a gauge may not end in _count.
    Gauge.builder("screening.inference.pending.requests", pending, AtomicInteger::get)
        .description("Frames queued for a batch now").tags(tags).register(registry);
    batchSizes = DistributionSummary.builder("screening.inference.batch.size")
        .description("Frames per batch run")
        .serviceLevelObjectives(IntStream.rangeClosed(1, maxBatchSize)
            .filter(n -> Integer.bitCount(n) == 1 || n == maxBatchSize)
            .asDoubleStream().toArray())
        .tags(tags).register(registry);
  }

  void succeeded() {
    success.incrementAndGet();
  }

  void failed() {
    failure.incrementAndGet();
  }

  /** {@code frames} failed by the system, not by themselves, are to run again. */
  void retried(int frames) {
    retries.addAndGet(frames);
  }

  void dropped(String outcome) {
    (ResultFactory.DROPPED_STALE.equals(outcome) ? droppedStale : droppedDeadline).increment();
  }

  void pending(int depth) {
    pending.set(depth);
  }

  /** A batch of {@code size} frames ran in {@code computeUs}. */
  void batch(int size, long computeMicros) {
    execs.incrementAndGet();
    inferences.addAndGet(size);
    computeUs.addAndGet(computeMicros);
    batchSizes.record(size);
  }

  void queued(long micros) {
    queueUs.addAndGet(micros);
  }

  ModelMetrics snapshot() {
    return new ModelMetrics(key, success.get(), failure.get(), execs.get(), pending.get(),
        queueUs.get(), computeUs.get());
  }

  private static void seconds(MeterRegistry registry, String name, Tags tags, AtomicLong micros,
      String description) {
    FunctionCounter.builder(name, micros, us -> us.get() / 1e6).baseUnit("seconds")
        .description(description).tags(tags).register(registry);
  }

  private static void count(MeterRegistry registry, String name, Tags tags, AtomicLong value,
      String description) {
    FunctionCounter.builder(name, value, AtomicLong::get).description(description).tags(tags)
        .register(registry);
  }
}
