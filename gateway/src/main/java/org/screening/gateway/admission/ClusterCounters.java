package org.screening.gateway.admission;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;

/**
 * Counters shared by the whole cluster, as entries of one Hazelcast map changed by entry
 * processors (atomic per counter). A counter back at zero is removed: the counters of feeds
 * and keys with nothing in flight take no room, however many feeds come and go. (Vert.x's own
 * counters keep an entry per name forever.)
 */
final class ClusterCounters {

  static final String MAP = "screening.quota.counters";

  private final Vertx vertx;
  private final IMap<String, Long> counters;

  ClusterCounters(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.counters = hazelcast.getMap(MAP);
  }

  /** Adds {@code amount} (which may be negative) to the counter; its new value. */
  Future<Long> add(String counter, long amount) {
    return Future.fromCompletionStage(counters.submitToKey(counter, new Add(amount)),
        vertx.getOrCreateContext());
  }

  /** Runs on the member that owns the counter's partition, one at a time per counter. */
  private record Add(long amount) implements EntryProcessor<String, Long, Long> {

    @Override
    public Long process(Map.Entry<String, Long> entry) {
      Long current = entry.getValue();
      long next = (current == null ? 0 : current) + amount;
      entry.setValue(next > 0 ? next : null);
      return next;
    }
  }
}
