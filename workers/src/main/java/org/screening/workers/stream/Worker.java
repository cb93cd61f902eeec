package org.screening.workers.stream;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.inference.InferenceStep;
import org.screening.workers.inference.ModelRegistry;

/**
 * A running worker: what {@code screening worker} and the demo start. {@link #start} loads and
 * warms up the models off the event loop, then deploys the verticle that consumes frames;
 * {@link #close()} stops consuming, finishes the frames in flight, commits and leaves the group.
 */
public final class Worker {

  private final Vertx vertx;
  private final ModelRegistry models;
  private final WorkerVerticle verticle;
  private final String deploymentId;
  private final WorkerCounters counters;
  private final String id;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Worker(Vertx vertx, ModelRegistry models, WorkerVerticle verticle, String deploymentId,
      WorkerCounters counters, String id) {
    this.vertx = vertx;
    this.models = models;
    this.verticle = verticle;
    this.deploymentId = deploymentId;
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
    WorkerCounters counters = new WorkerCounters();
    return vertx.executeBlocking(() -> ModelRegistry.load(config), false).compose(models -> {
      WorkerVerticle verticle = new WorkerVerticle(config, models, step, counters);
      return vertx.deployVerticle(verticle)
          .map(deployment -> new Worker(vertx, models, verticle, deployment, counters,
              config.workerId()))
          .recover(e -> closeModels(vertx, models).transform(v -> Future.failedFuture(e)));
    });
  }

  /** The id results carry in {@code worker_id}. */
  public String id() {
    return id;
  }

  /**
   * Ready to serve: the op library passed its self-test, every model is loaded and warmed up,
   * and the consumer has subscribed. False again once closing starts.
   */
  public boolean ready() {
    return !closed.get();
  }

  public WorkerMetrics metrics() {
    return counters.snapshot(verticle.modelMetrics());
  }

  /**
   * Stops consuming (keeping the group membership while it drains), runs the queued frames,
   * waits for their results to be acknowledged (up to {@code worker.drainTimeoutMs}), commits,
   * leaves the group, then closes the models. Idempotent.
   */
  public Future<Void> close() {
    if (!closed.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return vertx.undeploy(deploymentId).eventually(() -> closeModels(vertx, models));
  }

  /** Stops as a crashed worker would: nothing drained, nothing committed. For tests. */
  Future<Void> abandon() {
    verticle.abandon();
    return close();
  }

  private static Future<Void> closeModels(Vertx vertx, ModelRegistry models) {
    return vertx.executeBlocking(() -> {
      models.close();
      return null;
    }, false);
  }
}
