package org.screening.workers.stream;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.inference.InferenceStep;
import org.screening.workers.inference.ModelRegistry;

/**
 * A running worker: what {@code screening worker} and the demo start. {@link #start} loads and
 * warms up the models off the event loop, then deploys the verticle that consumes frames, which
 * a {@link StreamSupervisor} re-creates should it fail; {@link #close()} stops consuming,
 * finishes the frames in flight, commits and leaves the group.
 */
public final class Worker {

  private final Vertx vertx;
  private final ModelRegistry models;
  private final StreamSupervisor stream;
  private final WorkerCounters counters;
  private final String id;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Worker(Vertx vertx, ModelRegistry models, StreamSupervisor stream,
      WorkerCounters counters, String id) {
    this.vertx = vertx;
    this.models = models;
    this.stream = stream;
    this.counters = counters;
    this.id = id;
  }

  /** Loads the models, warms them up and joins the consumer group. */
  public static Future<Worker> start(Vertx vertx, WorkerConfig config) {
    return start(vertx, config,
        InferenceStep.SESSION.delayedBy(config.getLong(WorkerConfig.FAULT_INFERENCE_DELAY_MS)));
  }

  /** As {@link #start(Vertx, WorkerConfig)} with another session step: the tests' seam. */
  static Future<Worker> start(Vertx vertx, WorkerConfig config, InferenceStep step) {
    return start(vertx, config, step, UnaryOperator.identity());
  }

  /** As {@link #start(Vertx, WorkerConfig, InferenceStep)}, the preparation decorated too. */
  static Future<Worker> start(Vertx vertx, WorkerConfig config, InferenceStep step,
      UnaryOperator<Preparation> preparation) {
    WorkerCounters counters = new WorkerCounters();
    return vertx.executeBlocking(() -> ModelRegistry.load(config), false).compose(models -> {
      StreamSupervisor stream = new StreamSupervisor(vertx, failures ->
          new WorkerVerticle(config, models, step, preparation, counters, failures));
      return stream.start()
          .map(v -> new Worker(vertx, models, stream, counters, config.workerId()))
          .recover(e -> closeModels(vertx, models).transform(v -> Future.failedFuture(e)));
    });
  }

  /** The id results carry in {@code worker_id}. */
  public String id() {
    return id;
  }

  /**
   * Ready to serve: the op library passed its self-test, every model is loaded and warmed up,
   * the consumer has subscribed, and the stream is {@link StreamHealth.State#RUNNING}: not
   * restarting after a failure, no model failing for every input. False once closing starts.
   */
  public boolean ready() {
    return health().ready();
  }

  /**
   * The stream's state, why it is not running, and the age of the oldest unfinished frame of
   * each partition; safe from any thread, cheap enough for every readiness probe.
   */
  public StreamHealth health() {
    return stream.health();
  }

  public WorkerMetrics metrics() {
    WorkerVerticle verticle = stream.latest();
    return counters.snapshot(verticle == null ? List.of() : verticle.modelMetrics());
  }

  /**
   * Stops consuming (keeping the group membership while it drains), runs the queued frames,
   * waits for their results to be acknowledged (up to {@code worker.drainTimeoutMs}), commits,
   * leaves the group, then closes the models. Idempotent.
   */
  public Future<Void> close() {
    return close(false);
  }

  /** Stops as a crashed worker would: nothing drained, nothing committed. For tests. */
  Future<Void> abandon() {
    return close(true);
  }

  private Future<Void> close(boolean crash) {
    if (!closed.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return stream.close(crash).eventually(() -> closeModels(vertx, models));
  }

  private static Future<Void> closeModels(Vertx vertx, ModelRegistry models) {
    return vertx.executeBlocking(() -> {
      models.close();
      return null;
    }, false);
  }
}
