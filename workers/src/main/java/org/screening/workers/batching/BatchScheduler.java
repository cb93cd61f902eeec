package org.screening.workers.batching;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Drives a {@link MicroBatcher} on an event loop: one batch of a model in flight at a time (as
 * Triton forms a batch when an instance becomes free, so frames wait in the queue, where LIVE
 * frames can still be superseded, rather than in an executor's backlog), and a timer for the
 * oldest frame's delay. Timers have millisecond resolution, so a delay is rounded up to whole
 * milliseconds. Call only from the event loop that created it.
 */
public final class BatchScheduler<T extends Batchable> {

  private final Vertx vertx;
  private final MicroBatcher<T> batcher;
  private final Function<List<T>, Future<?>> runner;
  private boolean busy;
  private boolean draining;
  private long timerId = -1;
  private long timerDueNanos;

  /**
   * @param runner runs one batch; the scheduler dispatches the next when its future completes,
   *     which must be on this event loop
   */
  public BatchScheduler(Vertx vertx, BatchingPolicy policy, Function<List<T>, Future<?>> runner) {
    this.vertx = vertx;
    this.batcher = new MicroBatcher<>(policy);
    this.runner = runner;
  }

  /** Queues a frame; see {@link MicroBatcher#offer} for what may come back. */
  public Optional<Superseded<T>> offer(T item) {
    Optional<Superseded<T>> superseded = batcher.offer(item, System.nanoTime());
    dispatch();
    return superseded;
  }

  /** Takes queued frames out without running them (their partitions were revoked). */
  public List<T> removeIf(Predicate<T> filter) {
    List<T> removed = batcher.removeIf(filter);
    dispatch();
    return removed;
  }

  /** From now on, dispatches whatever is queued without waiting for fuller batches. */
  public void drain() {
    draining = true;
    dispatch();
  }

  public int depth() {
    return batcher.size();
  }

  private void dispatch() {
    if (busy) {
      return;
    }
    List<T> batch = draining ? batcher.takeNow() : batcher.takeReady(System.nanoTime());
    if (batch.isEmpty()) {
      armTimer();
      return;
    }
    busy = true;
    Future<?> run;
    try {
      run = runner.apply(batch);
    } catch (RuntimeException e) {
      run = Future.failedFuture(e);
    }
    run.onComplete(done -> {
      busy = false;
      dispatch();
    });
  }

  private void armTimer() {
    OptionalLong due = batcher.nextDueNanos();
    if (due.isEmpty() || (timerId >= 0 && timerDueNanos <= due.getAsLong())) {
      return;
    }
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    long waitNanos = Math.max(0, due.getAsLong() - System.nanoTime());
    long waitMs = Math.max(1, (waitNanos + 999_999) / 1_000_000);
    timerDueNanos = due.getAsLong();
    timerId = vertx.setTimer(waitMs, id -> {
      timerId = -1;
      dispatch();
    });
  }
}
