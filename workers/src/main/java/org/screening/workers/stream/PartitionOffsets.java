package org.screening.workers.stream;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The frames of one partition that this worker holds, for one assignment of it. The offset
 * committable is the lowest one not yet finished, or one past the highest consumed when all are
 * finished: everything below it has all its results (or its dead letter) acknowledged. A revoked
 * assignment's instance stops counting, so late completions cannot commit for its new owner.
 * Written on the event loop; {@link #oldestUnfinishedNanos()} may be read from any thread.
 */
final class PartitionOffsets {

  private final TopicPartition partition;
  /** Offset to the {@link System#nanoTime()} it was consumed at. */
  private final ConcurrentSkipListMap<Long, Long> unfinished = new ConcurrentSkipListMap<>();
  private long next = -1;
  private long committed = -1;
  private boolean revoked;

  PartitionOffsets(TopicPartition partition) {
    this.partition = partition;
  }

  TopicPartition partition() {
    return partition;
  }

  void consumed(long offset) {
    if (!revoked) {
      unfinished.put(offset, System.nanoTime());
      next = Math.max(next, offset + 1);
    }
  }

  void finished(long offset) {
    unfinished.remove(offset);
  }

  /** The offset to commit, if it is past the last one committed. */
  OptionalLong committable() {
    if (revoked || next < 0) {
      return OptionalLong.empty();
    }
    Map.Entry<Long, Long> first = unfinished.firstEntry();
    long offset = first == null ? next : first.getKey();
    return offset > committed ? OptionalLong.of(offset) : OptionalLong.empty();
  }

  /**
   * When the oldest unfinished frame was consumed ({@link System#nanoTime()}), or empty when all
   * are finished. Offsets are consumed in order, so the lowest is the oldest.
   */
  OptionalLong oldestUnfinishedNanos() {
    Map.Entry<Long, Long> first = unfinished.firstEntry();
    return first == null ? OptionalLong.empty() : OptionalLong.of(first.getValue());
  }

  void committed(long offset) {
    committed = Math.max(committed, offset);
  }

  void revoke() {
    revoked = true;
    unfinished.clear();
  }

  boolean revoked() {
    return revoked;
  }
}
