package org.screening.gateway.admission;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Counters shared by the whole cluster, as entries of one Hazelcast map changed by entry
 * processors (atomic per counter). Each entry holds one amount per member (its Hazelcast UUID)
 * and the counter is their sum, so that what a member raised can be told apart from the rest:
 * a member that leaves is forgotten by removing its amounts, which is idempotent however many
 * survivors do it, and a member can state its own amounts again after a split-brain merge threw
 * its writes away ({@link #sync}). A counter back at zero is removed: the counters of feeds and
 * keys with nothing in flight take no room, however many feeds come and go.
 */
public final class ClusterCounters {

  /** The Hazelcast map of every counter: name to each member's amount; read by operators' tools. */
  public static final String MAP = "screening.quota.counters";

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final IMap<String, HashMap<String, Long>> counters;

  ClusterCounters(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.counters = hazelcast.getMap(MAP);
  }

  /** A counter's value: the sum of its members' amounts ({@code null}: none, so 0). */
  public static long total(Map<String, Long> amounts) {
    return amounts == null ? 0 : amounts.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * This member's Hazelcast UUID now: a member that merges back after a split-brain rejoins
   * under a new one, and its amounts move there at the next {@link #sync}.
   */
  String member() {
    return hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  /** The members in this member's view now, itself included. */
  Set<String> liveMembers() {
    Set<String> live = new HashSet<>();
    hazelcast.getCluster().getMembers().forEach(m -> live.add(m.getUuid().toString()));
    return live;
  }

  /** Adds {@code amount} (which may be negative) to this member's part; the counter's new value. */
  Future<Long> add(String counter, long amount) {
    return Future.fromCompletionStage(counters.submitToKey(counter, new Add(member(), amount)),
        vertx.getOrCreateContext());
  }

  /** Removes every amount {@code departed} holds, wherever it is. */
  Future<Void> forget(String departed) {
    // executeOnEntries waits for every partition: not on an event loop.
    return vertx.executeBlocking(() -> {
      counters.executeOnEntries(new Sync(departed, Map.of(), Set.of()));
      return null;
    });
  }

  /**
   * Makes this member's part of every counter what it holds ({@code held}, by counter) and drops
   * the parts of members no longer in the cluster. Call when no {@link #add} of this member is
   * pending, or a change it is making may be overwritten until the next sync.
   */
  Future<Void> sync(Map<String, Long> held) {
    Sync sync = new Sync(member(), new HashMap<>(held), liveMembers());
    return vertx.executeBlocking(() -> {
      counters.executeOnEntries(sync);
      // Counters this member holds that the cluster lost altogether.
      if (!held.isEmpty()) {
        counters.executeOnKeys(sync.held().keySet(), sync);
      }
      return null;
    });
  }

  /** Runs on the member that owns the counter's partition, one at a time per counter. */
  private record Add(String member, long amount)
      implements EntryProcessor<String, HashMap<String, Long>, Long> {

    @Override
    public Long process(Map.Entry<String, HashMap<String, Long>> entry) {
      HashMap<String, Long> amounts =
          entry.getValue() == null ? new HashMap<>() : new HashMap<>(entry.getValue());
      long next = amounts.getOrDefault(member, 0L) + amount;
      if (next > 0) {
        amounts.put(member, next);
      } else {
        amounts.remove(member);
      }
      entry.setValue(amounts.isEmpty() ? null : amounts);
      return total(amounts);
    }
  }

  /**
   * Sets {@code member}'s part of each counter to {@code held} (absent: 0) and, when {@code live}
   * is not empty, drops the parts of members not in it.
   */
  private record Sync(String member, Map<String, Long> held, Set<String> live)
      implements EntryProcessor<String, HashMap<String, Long>, Void> {

    @Override
    public Void process(Map.Entry<String, HashMap<String, Long>> entry) {
      HashMap<String, Long> amounts =
          entry.getValue() == null ? new HashMap<>() : new HashMap<>(entry.getValue());
      if (!live.isEmpty()) {
        amounts.keySet().retainAll(live);
      }
      long mine = held.getOrDefault(entry.getKey(), 0L);
      if (mine > 0) {
        amounts.put(member, mine);
      } else {
        amounts.remove(member);
      }
      if (!amounts.equals(entry.getValue())) {
        entry.setValue(amounts.isEmpty() ? null : amounts);
      }
      return null;
    }
  }
}
