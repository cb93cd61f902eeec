package org.screening.gateway.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.broker.EmbeddedKafka;
import org.screening.gateway.GatewayNode;
import org.screening.gateway.cluster.HazelcastSettings;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import org.screening.gateway.metrics.GatewayMetrics;
import org.screening.gateway.support.ApiClient;
import org.screening.gateway.support.Eventually;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.Images;
import org.screening.gateway.support.TestCluster;

@ExtendWith(GatewayClusterExtension.class)
class DepartedMemberTest {

  private final TestCluster cluster;

  DepartedMemberTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  @Test
  void theInFlightCountsOfAMemberThatDiesAreGivenBackByTheSurvivors() throws Exception {
    String feed = TestCluster.feed("orphaned");
    GatewayConfig config = cluster.config()
        .with(ConfigKeys.CLUSTER_PORT, EmbeddedKafka.freePort());
    HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastSettings.of(config));
    Vertx member = Vertx.builder().withClusterManager(manager).buildClustered().await(60, TimeUnit.SECONDS);
    try {
      // A member admits the feed's whole limit, as a node would just before it crashes.
      String memberId = manager.getHazelcastInstance().getCluster().getLocalMember().getUuid().toString();
      ClusterQuota quota = ClusterQuota.create(member, manager.getHazelcastInstance());
      new Admission(quota, config, new GatewayMetrics("doomed"))
          .admitFrames("tenant-a", feed, TestCluster.IN_FLIGHT_PER_FEED).await();
      Map<String, Long> parts = manager.getHazelcastInstance()
          .<String, Map<String, Long>>getMap(ClusterCounters.MAP)
          .get(Admission.IN_FLIGHT_PREFIX + "feed.tenant-a/" + feed);
      assertEquals(Map.of(memberId, (long) TestCluster.IN_FLIGHT_PER_FEED), parts,
          "the feed's counter holds the member's part under its id");
      ApiClient client = cluster.nodeA(TestCluster.KEY_A);
      assertEquals(429, client.submit(feed, "tasks=classify", "image/png", Images.png(8, 8, 3)).statusCode());

      manager.getHazelcastInstance().getLifecycleService().terminate();

      Eventually.assertThat("the feed accepts frames once the dead member's counts are given back",
          () -> client.submit(feed, "tasks=classify", "image/png", Images.png(8, 8, 3)).statusCode() == 202);
    } finally {
      // Vert.x logs that it could not leave the cluster: its member is already gone, as intended.
      member.close();
    }
  }

  @Test
  void theInFlightCountsOfANodeThatShutsDownAreGivenBack() throws Exception {
    // hold-* frames get no result until released: their slots stay taken while the node runs.
    String feed = TestCluster.feed("hold-leaving");
    GatewayNode leaving = GatewayNode.start(cluster.config().with(ConfigKeys.NODE_ID, "leaving")
        .with(ConfigKeys.CLUSTER_PORT, EmbeddedKafka.freePort())).await(60, TimeUnit.SECONDS);
    try {
      ApiClient viaLeaving = new ApiClient(leaving.port(), TestCluster.KEY_A);
      for (int i = 0; i < TestCluster.IN_FLIGHT_PER_FEED; i++) {
        viaLeaving.submitPng(feed);
      }
      ApiClient client = cluster.nodeA(TestCluster.KEY_A);
      assertEquals(429, client.submit(feed, "tasks=classify", "image/png", Images.png(8, 8, 3)).statusCode());

      leaving.close().await(30, TimeUnit.SECONDS);

      Eventually.assertThat("the feed accepts frames once the node that left gave its counts back",
          () -> client.submit(feed, "tasks=classify", "image/png", Images.png(8, 8, 3)).statusCode() == 202);
    } finally {
      cluster.echo().release(feed);
    }
  }
}
