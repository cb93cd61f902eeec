package org.screening.gateway.admission;

import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.broker.EmbeddedKafka;
import org.screening.gateway.cluster.HazelcastSettings;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.support.ApiClient;
import org.screening.gateway.support.Eventually;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.SseStream;
import org.screening.gateway.support.TestCluster;

@ExtendWith(GatewayClusterExtension.class)
class IdleCountersTest {

  private final TestCluster cluster;

  IdleCountersTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  @Test
  void aFeedWithNothingInFlightLeavesNoCounterInTheCluster() throws Exception {
    String feed = TestCluster.feed("idle");
    ApiClient node = cluster.nodeA(TestCluster.KEY_A);
    try (SseStream stream = node.stream(feed, null).awaitSubscribed()) {
      node.submitPng(feed);
      stream.next(Duration.ofSeconds(15));
    }
    // A member of its own looks at the cluster's maps, as an operator's tool would.
    HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastSettings.of(
        cluster.config().with(ConfigKeys.CLUSTER_PORT, EmbeddedKafka.freePort())));
    Vertx observer = Vertx.builder().withClusterManager(manager).buildClustered()
        .await(60, TimeUnit.SECONDS);
    try {
      Eventually.assertThat("no cluster counter names the idle feed", () ->
          manager.getHazelcastInstance().getDistributedObjects().stream()
              .filter(object -> object instanceof com.hazelcast.map.IMap<?, ?>)
              .map(object -> (com.hazelcast.map.IMap<?, ?>) object)
              .flatMap(map -> map.keySet().stream())
              .noneMatch(key -> key.toString().startsWith("screening.inflight.")
                  && key.toString().endsWith("/" + feed)));
    } finally {
      observer.close().await(30, TimeUnit.SECONDS);
    }
  }
}
