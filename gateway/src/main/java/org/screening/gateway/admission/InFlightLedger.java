package org.screening.gateway.admission;

import io.vertx.core.Vertx;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.screening.gateway.metrics.GatewayMetrics;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Task;

/**
 * The frames this node admitted that still count as in flight. Every node reads every result,
 * but only the admitting node finds the frame here, so each frame is released exactly once:
 * when all its requested tasks have a result, when a worker reports it dropped as stale or sends
 * it to the dead-letter topic, or when it has waited too long (a lost frame yields nothing).
 *
 * <p>Not thread-safe: used from its verticle's event loop only.
 */
public final class InFlightLedger {

  /** The Result attribute by which a worker reports a live frame it dropped. */
  public static final String OUTCOME = "outcome";
  public static final String DROPPED_STALE = "dropped_stale";

  private final Vertx vertx;
  private final Admission admission;
  private final long timeoutMs;
  private final GatewayMetrics metrics;
  private final Map<String, Pending> frames = new HashMap<>();

  private static final class Pending {
    final String tenant;
    final String feed;
    final Set<Task> tasks;
    long timer;

    Pending(String tenant, String feed, Set<Task> tasks) {
      this.tenant = tenant;
      this.feed = feed;
      this.tasks = EnumSet.copyOf(tasks);
    }
  }

  public InFlightLedger(Vertx vertx, Admission admission, long timeoutMs, GatewayMetrics metrics) {
    this.vertx = vertx;
    this.admission = admission;
    this.timeoutMs = timeoutMs;
    this.metrics = metrics;
    metrics.inFlightFrames(frames::size);
  }

  /** Starts tracking a frame that {@link Admission#admitFrames} counted. */
  public void track(String frameId, String tenant, String feed, Set<Task> tasks) {
    Pending pending = new Pending(tenant, feed, tasks);
    pending.timer = vertx.setTimer(timeoutMs, id -> release(frameId, "timeout"));
    frames.put(frameId, pending);
  }

  /** Releases a frame that will never reach a worker (producing it failed). */
  public void abandon(String frameId) {
    release(frameId, "abandoned");
  }

  public void onResult(Result result) {
    Pending pending = frames.get(result.getFrameId());
    if (pending == null) {
      return;
    }
    if (DROPPED_STALE.equals(result.getAttributes().get(OUTCOME))) {
      release(result.getFrameId(), DROPPED_STALE);
      return;
    }
    pending.tasks.remove(result.getTask());
    if (pending.tasks.isEmpty()) {
      release(result.getFrameId(), "complete");
    }
  }

  /** A worker sent the frame to the dead-letter topic: no result will come. */
  public void onDeadLetter(String frameId) {
    release(frameId, "dead_letter");
  }

  /** Stops the timers; the quota gives back what is still held when it closes. */
  public void close() {
    frames.values().forEach(pending -> vertx.cancelTimer(pending.timer));
    frames.clear();
  }

  private void release(String frameId, String reason) {
    Pending pending = frames.remove(frameId);
    if (pending == null) {
      return;
    }
    vertx.cancelTimer(pending.timer);
    admission.releaseFrames(pending.tenant, pending.feed, 1);
    metrics.released(reason);
  }
}
