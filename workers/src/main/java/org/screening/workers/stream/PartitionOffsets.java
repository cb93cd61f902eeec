package org.screening.workers.stream;

import java.util.OptionalLong;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * The frames of one partition that this worker holds, for one assignment of it. The offset
 * committable is the lowest one not yet finished, or one past the highest consumed when all are
 * finished: everything below it has all its results (or its dead letter) acknowledged. A revoked
 * assignment's instance stops counting, so late completions cannot commit for its new owner.
 * Event-loop confined.
 */
final class PartitionOffsets {

  private final TopicPartition partition;
  private final TreeSet<Long> unfinished = new TreeSet<>();
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
      unfinished.add(offset);
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
    long offset = unfinished.isEmpty() ? next : unfinished.first();
    return offset > committed ? OptionalLong.of(offset) : OptionalLong.empty();
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
