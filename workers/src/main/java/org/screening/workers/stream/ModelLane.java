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
import org.screening.workers.publish.DeadLetterPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model's path: its micro-batch queue on the event loop, a thread of its own where only the
 * session runs (bisecting failed batches), so no event loop ever waits on TensorFlow, and the
 * decode pool, where the results are built: masks and explanations resized to the frame and
 * encoded as PNGs (half a second for a 4096x4096 frame), while the model's thread runs the next
 * batch. Outcomes come back to the event loop through the {@link Listener}, batch after batch in
 * the order the batches ran; frames the system failed rather than themselves are run again with
 * backoff meanwhile, and {@link #fault()} says why.
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

  private static final long FIRST_BACKOFF_MS = 200;
  private static final long MAX_BACKOFF_MS = 10_000;

  private final Vertx vertx;
  private final ServedModel model;
  private final WorkerExecutor executor;
  private final WorkerExecutor buildPool;
  private final BisectingRunner runner;
  private final ResultFactory results;
  private final Listener listener;
  private final BatchScheduler<InferenceItem> scheduler;
  private final String batchPrefix;
  private long batches;
  private boolean running;
  private Promise<Void> idle;
  private volatile String fault;
  private long backoffMs = FIRST_BACKOFF_MS;
  private long retryTimer = -1;
  private Promise<Void> retryWait;
  private boolean stopped;
  /** Completes once the last batch's outcomes are delivered: the next batch's wait for it. */
  private Future<Void> delivered = Future.succeededFuture();
  private final ModelMeters meters;

  /**
   * @param executor a single thread for this model
   * @param buildPool where results are built (the decode pool)
   */
  ModelLane(Vertx vertx, ServedModel model, BatchingPolicy policy, WorkerExecutor executor,
      WorkerExecutor buildPool, BisectingRunner runner, ResultFactory results, Listener listener,
      String workerId, MeterRegistry registry) {
    this.vertx = vertx;
    this.model = model;
    this.executor = executor;
    this.buildPool = buildPool;
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

  /** Stops retrying frames the system failed: they stay unfinished, for the next consumer. */
  void stop() {
    stopped = true;
    vertx.cancelTimer(retryTimer);
    if (retryWait != null) {
      retryWait.tryComplete();
    }
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

  /** Why this model fails for every input now, or null; safe from any thread. */
  String fault() {
    return fault;
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
    // A stopped lane runs nothing more: what is left stays unfinished, for the next consumer.
    return due.isEmpty() || stopped ? Future.succeededFuture() : attempt(due);
  }

  /**
   * Runs the frames and delivers their outcomes; those the system failed (see {@link
   * BisectingRunner.Retry}) are run again after a backoff, holding the lane (later frames would
   * fail the same way) until they get an answer, their partition is revoked or the lane stops.
   * The lane is free for the next batch once the session has run: results are built on the
   * build pool meanwhile.
   */
  private Future<Void> attempt(List<InferenceItem> items) {
    String batchId = batchPrefix + (++batches);
    running = true;
    return executor.executeBlocking(() -> infer(items, batchId), false)
        .otherwise(e -> {
          // Nothing a frame does fails outside the session (an Error: out of memory, a
          // missing native library): the system's fault, so every frame runs again.
          Exception cause = e instanceof Exception x ? x : new Exception(e);
          return items.stream().map(item -> new Ran(item, new BisectingRunner.Retry(cause,
              batchId), 0)).toList();
        })
        .compose(ran -> {
          running = false;
          if (idle != null) {
            idle.complete();
            idle = null;
          }
          List<InferenceItem> again = new ArrayList<>();
          List<Ran> answered = new ArrayList<>();
          Exception systemFault = null;
          for (Ran one : ran) {
            if (one.outcome() instanceof BisectingRunner.Retry retry) {
              again.add(one.item());
              systemFault = retry.cause();
            } else {
              answered.add(one);
            }
          }
          deliverInOrder(answered);
          if (again.isEmpty()) {
            recovered();
            return Future.succeededFuture();
          }
          meters.retried(again.size());
          return retryLater(again, systemFault);
        });
  }

  /**
   * Builds the results on the build pool and delivers them after the previous batch's, so the
   * results of one feed leave in the order its frames ran.
   */
  private void deliverInOrder(List<Ran> answered) {
    if (answered.isEmpty()) {
      return;
    }
    Future<List<Outcome>> built = buildPool.executeBlocking(
        () -> answered.stream().map(this::built).toList(), false);
    delivered = delivered.transform(previous -> built)
        .onSuccess(outcomes -> outcomes.forEach(this::deliver))
        .onFailure(e -> {
          // An Error (out of memory) while building is the worker's, not the frames': they
          // queue again, as frames the session failed for the system's reasons do.
          LOG.error("Model {}: building the results of {} frame(s) failed ({}); they run again",
              model.key(), answered.size(), DeadLetterPublisher.cause(e.toString()));
          if (!stopped) {
            answered.forEach(one -> offer(one.item()));
          }
        })
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  private void recovered() {
    if (fault != null) {
      LOG.info("Model {} answers again", model.key());
    }
    fault = null;
    backoffMs = FIRST_BACKOFF_MS;
  }

  private Future<Void> retryLater(List<InferenceItem> items, Exception cause) {
    if (stopped) {
      return Future.succeededFuture();
    }
    String first = DeadLetterPublisher.cause(cause.toString());
    if (fault == null) {
      LOG.error("Model {} fails for every input ({}); its frames stay uncommitted and run again "
          + "with backoff", model.key(), first);
    }
    fault = model.key() + " fails for every input: " + first;
    long delay = backoffMs;
    backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    Promise<Void> waited = Promise.promise();
    retryWait = waited;
    retryTimer = vertx.setTimer(delay, id -> waited.tryComplete());
    return waited.future().compose(v -> {
      retryWait = null;
      // Through run() again: a LIVE frame may have passed its deadline meanwhile.
      List<InferenceItem> live = items.stream().filter(item -> !item.job().over()).toList();
      return run(live).mapEmpty();
    });
  }

  /**
   * One frame's outcome: a result, or the failure that sends it to the dead letters.
   */
  private record Outcome(InferenceItem item, Result result, Exception failure) {}

  /** What the session made of one frame, and how long the frame queued before its batch ran. */
  private record Ran(InferenceItem item, BisectingRunner.Outcome outcome, double queueMs) {}

  /** On the model's thread: only the session runs here. */
  private List<Ran> infer(List<InferenceItem> batch, String batchId) {
    long start = System.nanoTime();
    List<float[]> inputs = batch.stream().map(InferenceItem::input).toList();
    boolean explain = batch.stream().anyMatch(item -> item.frame().explain());
    List<BisectingRunner.Outcome> outcomes = runner.run(model, inputs, batchId, explain);
    meters.batch(batch.size(), (System.nanoTime() - start) / 1_000);
    List<Ran> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      InferenceItem item = batch.get(i);
      double queueMs = (start - item.job().consumedNanos) / 1e6;
      meters.queued((long) (queueMs * 1_000));
      out.add(new Ran(item, outcomes.get(i), queueMs));
    }
    return out;
  }

  /** On the build pool: a frame's result, or its session failure, or its building failure. */
  private Outcome built(Ran ran) {
    InferenceItem item = ran.item();
    if (ran.outcome() instanceof BisectingRunner.Failure failed) {
      return new Outcome(item, null, failed.cause());
    }
    BisectingRunner.Success run = (BisectingRunner.Success) ran.outcome();
    try {
      Timings timings = Timings.newBuilder()
          .setQueueMs(ran.queueMs())
          .setDecodeMs(item.decodeMs())
          .setInferenceMs(run.inferenceMs())
          .setEndToEndMs(item.job().endToEndMs())
          .build();
      BatchInfo batch = BatchInfo.newBuilder()
          .setBatchId(run.batchId()).setBatchSize(run.batchSize()).build();
      return new Outcome(item,
          results.inferred(item.frame(), item.job().frameRef(), item.route(), run.outputs(),
              timings, batch), null);
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
