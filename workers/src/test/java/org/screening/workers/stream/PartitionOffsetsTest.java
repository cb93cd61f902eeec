package org.screening.workers.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionOffsetsTest {

  private final PartitionOffsets offsets = new PartitionOffsets(new TopicPartition("t", 0));

  @Test
  void nothingConsumedNothingToCommit() {
    assertEquals(OptionalLong.empty(), offsets.committable());
  }

  @Test
  void commitStopsAtTheLowestUnfinishedFrame() {
    offsets.consumed(10, 0);
    offsets.consumed(11, 0);
    offsets.consumed(12, 0);
    offsets.finished(11);
    offsets.finished(12);
    assertEquals(OptionalLong.of(10), offsets.committable());
  }

  @Test
  void allFinishedCommitsPastTheHighestConsumed() {
    offsets.consumed(10, 0);
    offsets.consumed(11, 0);
    offsets.finished(11);
    offsets.finished(10);
    assertEquals(OptionalLong.of(12), offsets.committable());
  }

  @Test
  void anOffsetAlreadyCommittedIsNotOfferedAgain() {
    offsets.consumed(3, 0);
    offsets.finished(3);
    offsets.committed(4);
    assertEquals(OptionalLong.empty(), offsets.committable());
  }

  @Test
  void revokedAssignmentCommitsNothingMore() {
    offsets.consumed(3, 0);
    offsets.revoke();
    offsets.finished(3);
    assertEquals(OptionalLong.empty(), offsets.committable());
  }

  @Test
  void oldestUnfinishedIsWhenTheLowestUnfinishedOffsetWasConsumed() {
    offsets.consumed(10, 100);
    offsets.consumed(11, 200);
    offsets.finished(10);
    assertEquals(OptionalLong.of(200), offsets.oldestUnfinishedNanos());
    offsets.finished(11);
    assertEquals(OptionalLong.empty(), offsets.oldestUnfinishedNanos());
  }
}
