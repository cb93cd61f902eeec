package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.broker.EmbeddedKafka;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.support.ApiClient;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.SseStream;
import org.screening.gateway.support.TestCluster;
import org.screening.schemas.Topics;

/**
 * Resuming from a position a node no longer holds in memory (here: one from before it started):
 * the node reads the results topic itself.
 */
@ExtendWith(GatewayClusterExtension.class)
class TopicReplayTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private final TestCluster cluster;

  TopicReplayTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  @Test
  void aClientResumingFromBeforeWhatTheNodeHoldsGetsTheOlderResultsFromTheTopic() throws Exception {
    String feed = TestCluster.feed("replay");
    ApiClient nodeA = cluster.nodeA(TestCluster.KEY_A);
    List<SseStream.Event> seen = results(nodeA, feed, 3);

    GatewayNode late = startNode();
    try {
      ApiClient nodeC = new ApiClient(late.port(), TestCluster.KEY_A);
      try (SseStream resumed = nodeC.stream(feed, seen.get(0).id()).awaitSubscribed()) {
        assertEquals(seen.get(1).data().getString("frame_id"),
            resumed.next(WAIT).data().getString("frame_id"));
        assertEquals(seen.get(2).data().getString("frame_id"),
            resumed.next(WAIT).data().getString("frame_id"));
        String live = nodeA.submitPng(feed);
        assertEquals(live, resumed.next(WAIT).data().getString("frame_id"));
      }
    } finally {
      late.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aClientResumingFromAPositionRetentionRemovedIsToldOfTheGap() throws Exception {
    String feed = TestCluster.feed("replay-gap");
    ApiClient nodeA = cluster.nodeA(TestCluster.KEY_A);
    List<SseStream.Event> seen = results(nodeA, feed, 3);
    int partition = TestCluster.resultsPartition(feed);
    long third = Long.parseLong(seen.get(2).id().substring(seen.get(2).id().indexOf('-') + 1));
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
      // What retention does: the partition now starts at the third result.
      admin.deleteRecords(Map.of(new TopicPartition(Topics.RESULTS, partition),
          RecordsToDelete.beforeOffset(third))).all().get(30, TimeUnit.SECONDS);
    }

    GatewayNode late = startNode();
    try {
      ApiClient nodeC = new ApiClient(late.port(), TestCluster.KEY_A);
      try (SseStream resumed = nodeC.stream(feed, seen.get(0).id()).awaitSubscribed()) {
        SseStream.Event gap = resumed.next(WAIT);
        assertEquals("gap", gap.type());
        assertNull(gap.id());
        assertEquals(partition + "-" + third, gap.data().getString("first_available"));
        assertEquals(seen.get(2).data().getString("frame_id"),
            resumed.next(WAIT).data().getString("frame_id"));
      }
    } finally {
      late.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** Submits {@code count} frames and returns their result events, in order. */
  private static List<SseStream.Event> results(ApiClient node, String feed, int count)
      throws Exception {
    try (SseStream stream = node.stream(feed, null).awaitSubscribed()) {
      for (int i = 0; i < count; i++) {
        node.submitPng(feed);
      }
      SseStream.Event[] events = new SseStream.Event[count];
      for (int i = 0; i < count; i++) {
        events[i] = stream.next(WAIT);
      }
      return List.of(events);
    }
  }

  /** A third node, started after the results above: none of them is in its memory. */
  private GatewayNode startNode() throws Exception {
    return GatewayNode.start(cluster.config().with(ConfigKeys.NODE_ID, "late")
        .with(ConfigKeys.CLUSTER_PORT, EmbeddedKafka.freePort())).await(60, TimeUnit.SECONDS);
  }
}
