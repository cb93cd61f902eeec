package org.screening.gateway.admission;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded counters shared by the whole cluster ({@link ClusterCounters}, kept in Hazelcast),
 * which survive the death of the member that raised them.
 *
 * <p>A member's own share of every counter is mirrored into a cluster map entry keyed by its
 * member id. When a member leaves, every survivor calls {@link #reclaim}: the one whose remove
 * of that entry returns it subtracts the dead member's share, so a crash does not leave a tenant
 * throttled forever. The mirror is written after the counters move, so a member that dies in
 * between leaves at most its last few changes behind.
 *
 * <p>A release that fails (the cluster is migrating partitions, a member is leaving) is retried
 * with backoff until it succeeds or the quota closes; until then it still counts in this member's
 * mirrored share, so a member that dies with releases pending has them given back too.
 *
 * <p>Not thread-safe: used from its verticle's event loop only.
 */
public final class ClusterQuota {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterQuota.class);
  /** The cluster map of each member's share: member id to a JSON object of counter amounts. */
  static final String SHARES = "screening.quota.shares";

  private static final long FIRST_RETRY_MS = 100;
  private static final long MAX_RETRY_MS = 5_000;

  private final Vertx vertx;
  private final ClusterCounters counters;
  private final String memberId;
  private final AsyncMap<String, String> shares;
  private final Map<String, Long> held = new HashMap<>();
  private Future<Void> publishing = Future.succeededFuture();
  private boolean publishQueued;
  private boolean closed;

  private ClusterQuota(Vertx vertx, ClusterCounters counters, String memberId,
      AsyncMap<String, String> shares) {
    this.vertx = vertx;
    this.counters = counters;
    this.memberId = memberId;
    this.shares = shares;
  }

  public static Future<ClusterQuota> create(Vertx vertx, HazelcastInstance hazelcast,
      String memberId) {
    return vertx.sharedData().<String, String>getAsyncMap(SHARES)
        .map(shares -> new ClusterQuota(vertx, new ClusterCounters(vertx, hazelcast), memberId,
            shares));
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
      publish();
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

  /** Gives back a departed member's share of every counter, if no other member has. */
  public Future<Void> reclaim(String member) {
    return shares.remove(member).compose(json -> {
      if (json == null) {
        return Future.succeededFuture();
      }
      JsonObject share = new JsonObject(json);
      if (share.isEmpty()) {
        return Future.succeededFuture();
      }
      List<Future<Long>> subtractions = new ArrayList<>();
      share.forEach(e -> subtractions.add(add(e.getKey(), -((Number) e.getValue()).longValue())));
      // Counter names carry tenant and feed names, which producers choose: count them only.
      LOG.info("Gave back the admission counts held by gateway member {} ({} counters)", member,
          share.size());
      return Future.all(subtractions).mapEmpty();
    });
  }

  /** Stops counting and gives back everything this member holds: its admissions end with it. */
  public Future<Void> close() {
    closed = true;
    return publishing.transform(ignored -> reclaim(memberId));
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
        held.computeIfPresent(counter, (c, n) -> n == amount ? null : n - amount);
        publish();
      } else if (!closed) {
        LOG.warn("Could not release {} from a cluster counter ({}); retrying in {} ms", amount,
            done.cause().toString(), retryMs);
        vertx.setTimer(retryMs,
            id -> subtract(counter, amount, Math.min(MAX_RETRY_MS, 2 * retryMs)));
      }
    });
  }

  private Future<Long> add(String counter, long amount) {
    return counters.add(counter, amount);
  }

  /** Mirrors {@link #held}; writes are serialised and coalesced, so the last one wins. */
  private void publish() {
    if (publishQueued) {
      return;
    }
    publishQueued = true;
    publishing = publishing.transform(ignored -> {
      publishQueued = false;
      return shares.put(memberId, new JsonObject(new HashMap<String, Object>(held)).encode())
          .onFailure(e -> LOG.warn("Could not mirror this member's admission counts: {}", e.toString()));
    });
  }
}
