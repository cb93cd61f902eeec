package org.screening.workers.stream;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one {@link WorkerVerticle} deployed, and replaces it when it reports a frame it cannot
 * end (a result or dead letter refused for good, an Error while preparing): the old one commits
 * what is finished and leaves the group without waiting for the rest, and after a backoff a new
 * one joins, so the new assignment redelivers every frame not committed. Meanwhile the stream
 * is {@link StreamHealth.State#RESTARTING}, which is not ready. Thread-safe.
 */
final class StreamSupervisor {

  private static final Logger LOG = LoggerFactory.getLogger(StreamSupervisor.class);
  private static final long FIRST_BACKOFF_MS = 1_000;
  private static final long MAX_BACKOFF_MS = 30_000;
  /** A verticle that ran this long before failing starts the backoff afresh. */
  private static final long STABLE_NANOS = 60_000_000_000L;

  /** Makes a verticle that reports its failures to the given handler. */
  @FunctionalInterface
  interface Verticles {
    WorkerVerticle create(WorkerVerticle.FailureHandler failures);
  }

  private final Vertx vertx;
  private final Verticles verticles;
  private WorkerVerticle current;
  private WorkerVerticle latest;
  private String deploymentId;
  private long deployedAt;
  private boolean closed;
  private boolean restarting;
  private String lastFailure;
  private int restarts;
  private int consecutiveFailures;
  private Future<Void> restarted = Future.succeededFuture();
  private Promise<Void> backoff;
  private long backoffTimer = -1;

  StreamSupervisor(Vertx vertx, Verticles verticles) {
    this.vertx = vertx;
    this.verticles = verticles;
  }

  /** Deploys the first verticle; fails as its start does, without retrying. */
  Future<Void> start() {
    return deploy();
  }

  /** The stream's state; safe from any thread. */
  synchronized StreamHealth health() {
    WorkerVerticle verticle = current;
    Map<TopicPartition, Duration> oldest =
        verticle == null ? Map.of() : verticle.oldestUnfinished();
    if (closed) {
      return new StreamHealth(StreamHealth.State.CLOSED, "closed", lastFailure, restarts, oldest);
    }
    if (restarting || verticle == null) {
      return new StreamHealth(StreamHealth.State.RESTARTING, "restarting after: " + lastFailure,
          lastFailure, restarts, oldest);
    }
    String inference = verticle.inferenceFault();
    if (inference != null) {
      return new StreamHealth(StreamHealth.State.INFERENCE_FAILING, inference, lastFailure,
          restarts, oldest);
    }
    return new StreamHealth(StreamHealth.State.RUNNING, null, lastFailure, restarts, oldest);
  }

  /** The verticle deployed last, even if stopped since; null before the first deployed. */
  synchronized WorkerVerticle latest() {
    return latest;
  }

  /**
   * Stops the stream for good: {@code crash} as a crash would (nothing drained or committed),
   * else draining it. Waits for a restart under way to give up first.
   */
  Future<Void> close(boolean crash) {
    Promise<Void> cutShort;
    Future<Void> pending;
    synchronized (this) {
      if (closed) {
        return Future.succeededFuture();
      }
      closed = true;
      cutShort = backoff;
      pending = restarted;
      vertx.cancelTimer(backoffTimer);
    }
    if (cutShort != null) {
      cutShort.tryComplete();
    }
    return pending.eventually(() -> {
      WorkerVerticle verticle;
      String id;
      synchronized (this) {
        verticle = current;
        id = deploymentId;
        current = null;
        deploymentId = null;
      }
      if (id == null) {
        return Future.succeededFuture();
      }
      verticle.ending(crash ? WorkerVerticle.Ending.CRASH : WorkerVerticle.Ending.DRAIN);
      return vertx.undeploy(id);
    });
  }

  private void failed(WorkerVerticle from, String what, Throwable cause) {
    String id;
    synchronized (this) {
      if (closed || from != current || restarting) {
        return;
      }
      restarting = true;
      id = deploymentId;
      current.ending(WorkerVerticle.Ending.RESTART);
      // Undeployed below: close() must not undeploy it again.
      current = null;
      deploymentId = null;
      if (System.nanoTime() - deployedAt > STABLE_NANOS) {
        consecutiveFailures = 0;
      }
    }
    LOG.error("Stream failed: {}. Re-creating the consumer; frames not committed will come "
        + "again", what, cause);
    Future<Void> stopped = vertx.undeploy(id).otherwise(e -> {
      LOG.warn("Stopping the failed stream: {}", e.toString());
      return null;
    });
    scheduleRestart(stopped, what + ": " + cause);
  }

  /** Once {@code before} completes, waits out the backoff and deploys a new verticle. */
  private void scheduleRestart(Future<Void> before, String failure) {
    long delay;
    synchronized (this) {
      if (closed) {
        return;
      }
      restarts++;
      lastFailure = failure;
      delay = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(5, consecutiveFailures++));
      restarted = before.compose(v -> after(delay)).compose(v -> redeploy());
    }
  }

  private Future<Void> after(long delayMs) {
    Promise<Void> done = Promise.promise();
    synchronized (this) {
      if (closed) {
        return Future.succeededFuture();
      }
      backoff = done;
      backoffTimer = vertx.setTimer(delayMs, id -> done.tryComplete());
    }
    return done.future();
  }

  private Future<Void> redeploy() {
    synchronized (this) {
      if (closed) {
        return Future.succeededFuture();
      }
    }
    return deploy().recover(e -> {
      LOG.error("Cannot restart the stream: {}", e.toString());
      scheduleRestart(Future.succeededFuture(), "cannot restart the stream: " + e);
      return Future.succeededFuture();
    });
  }

  private Future<Void> deploy() {
    WorkerVerticle verticle = verticles.create(this::failed);
    return vertx.deployVerticle(verticle).compose(id -> {
      synchronized (this) {
        if (!closed) {
          current = verticle;
          latest = verticle;
          deploymentId = id;
          deployedAt = System.nanoTime();
          restarting = false;
          return Future.succeededFuture();
        }
      }
      // Closed while it started: close() found nothing to undeploy.
      verticle.ending(WorkerVerticle.Ending.DRAIN);
      return vertx.undeploy(id);
    });
  }
}
