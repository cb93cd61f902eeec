package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.SseStream;
import org.screening.gateway.support.TestCluster;

@ExtendWith(GatewayClusterExtension.class)
class DeduplicationTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private final TestCluster cluster;

  DeduplicationTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  @Test
  void aResultProducedTwiceReachesTheSubscriberOnce() throws Exception {
    // The echo worker writes every result of a dup-* feed twice, as a redelivering worker would.
    String feed = TestCluster.feed("dup");
    try (SseStream stream = cluster.nodeA(TestCluster.KEY_A).stream(feed, null).awaitSubscribed()) {
      String first = cluster.nodeB(TestCluster.KEY_A).submitPng(feed);
      assertEquals(first, stream.next(WAIT).data().getString("frame_id"));
      String second = cluster.nodeB(TestCluster.KEY_A).submitPng(feed);

      // The feed's results share a partition: the first frame's copy came before the second frame.
      assertEquals(second, stream.next(WAIT).data().getString("frame_id"));
    }
  }
}
