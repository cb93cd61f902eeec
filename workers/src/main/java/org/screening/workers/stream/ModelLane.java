package org.screening.workers.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.screening.schemas.v1.BatchInfo;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Timings;
import org.screening.workers.batching.BatchScheduler;
import org.screening.workers.batching.BatchingPolicy;
import org.screening.workers.inference.BisectingRunner;
import org.screening.workers.inference.ResultFactory;
import org.screening.workers.inference.ServedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model's path: its micro-batch queue on the event loop, and a thread of its own where the
 * session runs (bisecting failed batches) and the results are built, mask PNGs included, so no
 * event loop ever waits on TensorFlow. Outcomes come back to the event loop through the
 * {@link Listener}.
 */
final class ModelLane {

  private static final Logger LOG = LoggerFactory.getLogger(ModelLane.class);

  /** Where a lane hands back each frame; called on the event loop. */
  interface Listener {
    void inferred(InferenceItem item, Result result);

    void failed(InferenceItem item, Exception cause);

    /** Not run, for the reason in {@code attributes} ({@link ResultFactory#OUTCOME}). */
    void dropped(InferenceItem item, Map<String, String> attributes);
  }

  private final ServedModel model;
  private final WorkerExecutor executor;
  private final BisectingRunner runner;
  private final ResultFactory results;
  private final Listener listener;
  private final BatchScheduler<InferenceItem> scheduler;
  private final String batchPrefix;
  private long batches;
  private boolean running;
  private Promise<Void> idle;
  private final ModelMeters meters;

  /** @param executor a single thread for this model */
  ModelLane(Vertx vertx, ServedModel model, BatchingPolicy policy, WorkerExecutor executor,
      BisectingRunner runner, ResultFactory results, Listener listener, String workerId,
      MeterRegistry registry) {
    this.model = model;
    this.executor = executor;
    this.runner = runner;
    this.results = results;
    this.listener = listener;
    this.scheduler = new BatchScheduler<>(vertx, policy, this::run);
    this.batchPrefix = workerId + "/" + model.key() + "/";
    this.meters = new ModelMeters(registry, model, policy.maxBatchSize());
  }

  ServedModel model() {
    return model;
  }

  void offer(InferenceItem item) {
    scheduler.offer(item).ifPresent(superseded -> {
      meters.dropped(ResultFactory.DROPPED_STALE);
      listener.dropped(superseded.dropped(), Map.of(
          ResultFactory.OUTCOME, ResultFactory.DROPPED_STALE,
          ResultFactory.SUPERSEDED_BY, superseded.by().frame().frameId()));
    });
    meters.pending(scheduler.depth());
  }

  /** Takes queued frames out unrun, e.g. those of revoked partitions. */
  void removeIf(Predicate<InferenceItem> filter) {
    scheduler.removeIf(filter);
    meters.pending(scheduler.depth());
  }

  /** Runs what is queued without waiting for fuller batches (shutdown). */
  void drain() {
    scheduler.drain();
  }

  /** Completes once no batch is running: only then may the model's session be closed. */
  Future<Void> whenIdle() {
    if (!running) {
      return Future.succeededFuture();
    }
    if (idle == null) {
      idle = Promise.promise();
    }
    return idle.future();
  }

  ModelMetrics metrics() {
    return meters.snapshot();
  }

  private Future<?> run(List<InferenceItem> batch) {
    meters.pending(scheduler.depth());
    List<InferenceItem> due = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (InferenceItem item : batch) {
      if (item.live() && item.frame().deadline() != null
          && item.frame().deadline().toEpochMilli() < now) {
        meters.dropped(ResultFactory.DROPPED_DEADLINE);
        listener.dropped(item, Map.of(ResultFactory.OUTCOME, ResultFactory.DROPPED_DEADLINE));
      } else {
        due.add(item);
      }
    }
    if (due.isEmpty()) {
      return Future.succeededFuture();
    }
    String batchId = batchPrefix + (++batches);
    running = true;
    return executor.executeBlocking(() -> infer(due, batchId), false).onComplete(done -> {
      running = false;
      if (idle != null) {
        idle.complete();
        idle = null;
      }
      if (done.succeeded()) {
        done.result().forEach(this::deliver);
      } else {
        LOG.error("Batch {} failed outside the session", batchId, done.cause());
        Exception cause = done.cause() instanceof Exception e ? e : new Exception(done.cause());
        due.forEach(item -> deliver(new Outcome(item, null, cause)));
      }
    });
  }

  /** One frame's outcome: a result, or the failure that sends it to the dead letters. */
  private record Outcome(InferenceItem item, Result result, Exception failure) {}

  /** On the model's thread: the session runs and the results are built here. */
  private List<Outcome> infer(List<InferenceItem> batch, String batchId) {
    long start = System.nanoTime();
    List<float[]> inputs = batch.stream().map(InferenceItem::input).toList();
    List<BisectingRunner.Outcome> outcomes = runner.run(model, inputs, batchId);
    meters.batch(batch.size(), (System.nanoTime() - start) / 1_000);
    List<Outcome> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      InferenceItem item = batch.get(i);
      double queueMs = (start - item.job().consumedNanos) / 1e6;
      meters.queued((long) (queueMs * 1_000));
      BisectingRunner.Outcome outcome = outcomes.get(i);
      out.add(outcome instanceof BisectingRunner.Success ran
          ? built(item, ran, queueMs)
          : new Outcome(item, null, ((BisectingRunner.Failure) outcome).cause()));
    }
    return out;
  }

  private Outcome built(InferenceItem item, BisectingRunner.Success run, double queueMs) {
    try {
      Timings timings = Timings.newBuilder()
          .setQueueMs(queueMs)
          .setDecodeMs(item.decodeMs())
          .setInferenceMs(run.inferenceMs())
          .setEndToEndMs(item.job().endToEndMs())
          .build();
      BatchInfo batch = BatchInfo.newBuilder()
          .setBatchId(run.batchId()).setBatchSize(run.batchSize()).build();
      return new Outcome(item,
          results.inferred(item.frame(), item.route(), run.outputs(), timings, batch), null);
    } catch (RuntimeException e) {
      return new Outcome(item, null, e);
    }
  }

  private void deliver(Outcome outcome) {
    if (outcome.result() != null) {
      meters.succeeded();
      listener.inferred(outcome.item(), outcome.result());
    } else {
      meters.failed();
      listener.failed(outcome.item(), outcome.failure());
    }
  }
}
