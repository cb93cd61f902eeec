package org.screening.workers.stream;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@link PartitionOffsets} of every partition currently assigned. Changed on the event loop;
 * {@link #partitions()} and {@link #get} may be read from any thread (health and metrics).
 */
final class OffsetTracker {

  private final Map<TopicPartition, PartitionOffsets> assigned = new ConcurrentHashMap<>();

  /** Starts tracking newly assigned partitions; ones kept across a rebalance carry on. */
  void assign(Collection<TopicPartition> partitions) {
    for (TopicPartition p : partitions) {
      assigned.computeIfAbsent(p, PartitionOffsets::new);
    }
  }

  /** Stops tracking: nothing more is committed for these partitions by this assignment. */
  void revoke(Collection<TopicPartition> partitions) {
    for (TopicPartition p : partitions) {
      PartitionOffsets offsets = assigned.remove(p);
      if (offsets != null) {
        offsets.revoke();
      }
    }
  }

  /** The tracker of an assigned partition, or null for a partition no longer assigned. */
  PartitionOffsets get(TopicPartition partition) {
    return assigned.get(partition);
  }

  Set<TopicPartition> partitions() {
    return Set.copyOf(assigned.keySet());
  }

  /** The partitions whose committable offset moved, with that offset. */
  Map<PartitionOffsets, Long> committable() {
    Map<PartitionOffsets, Long> out = new HashMap<>();
    for (PartitionOffsets offsets : assigned.values()) {
      OptionalLong offset = offsets.committable();
      if (offset.isPresent()) {
        out.put(offsets, offset.getAsLong());
      }
    }
    return out;
  }
}
