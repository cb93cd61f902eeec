package org.screening.gateway.admission;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded counters shared by the whole cluster ({@link ClusterCounters}, kept in Hazelcast),
 * which survive the death of the member that raised them and heal after a split brain.
 *
 * <p>Each counter keeps every member's part apart. When a member leaves, every survivor calls
 * {@link #reclaim}, which removes that member's parts: a crash does not leave a tenant throttled
 * forever, and a second survivor doing the same changes nothing.
 *
 * <p>What this member holds ({@link #held}) is the truth about its part. A split brain breaks
 * the shared copy both ways: each side forgets the other's parts, and the merge keeps one side's
 * entries and drops the other's. So every {@link #SYNC_INTERVAL_MS} the member writes its parts
 * again and drops those of members no longer in the cluster; the counters converge to what the
 * members really hold within one interval of the merge.
 *
 * <p>A release that fails (the cluster is migrating partitions, a member is leaving) is retried
 * with backoff until it succeeds or the quota closes; until then it still counts in {@link #held}.
 *
 * <p>Not thread-safe: used from its verticle's event loop only.
 */
public final class ClusterQuota {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterQuota.class);

  /** How often the member restates its part of every counter. */
  static final long SYNC_INTERVAL_MS = 5_000;
  private static final long FIRST_RETRY_MS = 100;
  private static final long MAX_RETRY_MS = 5_000;

  private final Vertx vertx;
  private final ClusterCounters counters;
  private final Map<String, Long> held = new HashMap<>();
  private final long syncTimer;
  /** Changes sent and not yet answered: a sync now could overwrite one of them. */
  private int pending;
  private boolean syncing;
  private boolean closed;

  private ClusterQuota(Vertx vertx, ClusterCounters counters) {
    this.vertx = vertx;
    this.counters = counters;
    this.syncTimer = vertx.setPeriodic(SYNC_INTERVAL_MS, id -> sync());
  }

  /** Call on the event loop that will use the quota. */
  public static ClusterQuota create(Vertx vertx, HazelcastInstance hazelcast) {
    return new ClusterQuota(vertx, new ClusterCounters(vertx, hazelcast));
  }

  /**
   * Adds {@code amount} to every limit's counter, or to none: fails with {@link QuotaExceeded}
   * when one would pass its maximum.
   */
  public Future<Void> acquire(List<Limit> limits, long amount) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("quota closed"));
    }
    return acquireFrom(limits, 0, amount).map(v -> {
      if (closed) {
        // close() has already given back what this member held; this was never part of it.
        limits.forEach(limit -> add(limit.counter(), -amount));
        throw new IllegalStateException("quota closed");
      }
      limits.forEach(limit -> held.merge(limit.counter(), amount, Long::sum));
      return null;
    });
  }

  /** Takes {@code amount} back from each counter this member raised. */
  public void release(List<String> counters, long amount) {
    if (closed) {
      return; // close() gave back everything held, this included
    }
    for (String counter : counters) {
      subtract(counter, amount, FIRST_RETRY_MS);
    }
  }

  /** Gives back a departed member's part of every counter. */
  public Future<Void> reclaim(String member) {
    return counters.forget(member)
        .onSuccess(v -> LOG.info("Gave back the admission counts held by gateway member {}",
            member))
        .onFailure(e -> LOG.warn("Could not give back the admission counts of gateway member {}"
            + " ({}); the next sync drops them", member, e.toString()));
  }

  /** Stops counting and gives back everything this member holds: its admissions end with it. */
  public Future<Void> close() {
    closed = true;
    vertx.cancelTimer(syncTimer);
    return reclaim(counters.member());
  }

  private Future<Void> acquireFrom(List<Limit> limits, int index, long amount) {
    if (index == limits.size()) {
      return Future.succeededFuture();
    }
    Limit limit = limits.get(index);
    return add(limit.counter(), amount)
        .recover(e -> undo(limits, index, amount).transform(ignored -> Future.failedFuture(e)))
        .compose(total -> total > limit.max()
            ? undo(limits, index + 1, amount).transform(ignored ->
                Future.failedFuture(new QuotaExceeded(limit)))
            : acquireFrom(limits, index + 1, amount));
  }

  /** Takes {@code amount} back from the first {@code count} counters of {@code limits}. */
  private Future<Void> undo(List<Limit> limits, int count, long amount) {
    List<Future<Long>> undone = new ArrayList<>();
    for (Limit limit : limits.subList(0, count)) {
      undone.add(add(limit.counter(), -amount));
    }
    return Future.all(undone).mapEmpty();
  }

  /** Takes {@code amount} from a counter this member raised, retrying until it is done. */
  private void subtract(String counter, long amount, long retryMs) {
    add(counter, -amount).onComplete(done -> {
      if (done.succeeded()) {
        held.computeIfPresent(counter, (c, n) -> n <= amount ? null : n - amount);
      } else if (!closed) {
        LOG.warn("Could not release {} from a cluster counter ({}); retrying in {} ms", amount,
            done.cause().toString(), retryMs);
        vertx.setTimer(retryMs,
            id -> subtract(counter, amount, Math.min(MAX_RETRY_MS, 2 * retryMs)));
      }
    });
  }

  private Future<Long> add(String counter, long amount) {
    pending++;
    return counters.add(counter, amount).onComplete(done -> pending--);
  }

  /** Restates this member's part of every counter, unless a change of its own is under way. */
  private void sync() {
    if (closed || syncing || pending > 0) {
      return;
    }
    syncing = true;
    counters.sync(held)
        .onFailure(e -> LOG.debug("Admission counters not synced this time: {}", e.toString()))
        .onComplete(done -> syncing = false);
  }
}
