package org.screening.gateway.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.map.IMap;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.broker.EmbeddedKafka;
import org.screening.gateway.cluster.HazelcastSettings;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.support.Eventually;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.TestCluster;

/**
 * A split brain breaks the shared counters both ways: each side forgets the other's parts, and
 * the merge keeps one side's entries. These tests break the map the same way and check that the
 * counters come back to what the members hold.
 */
@ExtendWith(GatewayClusterExtension.class)
class CountersAfterSplitBrainTest {

  private static final String COUNTER = Admission.IN_FLIGHT_PREFIX + "feed.tenant-a/split";

  private final TestCluster cluster;
  private Vertx member;
  private ClusterQuota quota;
  private IMap<String, HashMap<String, Long>> counters;
  private String memberId;

  CountersAfterSplitBrainTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  @BeforeEach
  void member() throws Exception {
    HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastSettings.of(
        cluster.config().with(ConfigKeys.CLUSTER_PORT, EmbeddedKafka.freePort())));
    member = Vertx.builder().withClusterManager(manager).buildClustered()
        .await(60, TimeUnit.SECONDS);
    memberId = manager.getHazelcastInstance().getCluster().getLocalMember().getUuid().toString();
    counters = manager.getHazelcastInstance().getMap(ClusterCounters.MAP);
    quota = ClusterQuota.create(member, manager.getHazelcastInstance());
    quota.acquire(List.of(new Limit(COUNTER, 100, "feed")), 7).await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    quota.close().await(30, TimeUnit.SECONDS);
    member.close().await(60, TimeUnit.SECONDS);
  }

  @Test
  void aMemberRestatesThePartTheMergeThrewAway() throws Exception {
    counters.remove(COUNTER);

    Eventually.assertThat("the member's 7 frames are counted again", () ->
        ClusterCounters.total(counters.get(COUNTER)) == 7);
    assertEquals(Map.of(memberId, 7L), counters.get(COUNTER));
  }

  @Test
  void thePartsOfMembersNotInTheClusterAreDropped() throws Exception {
    // What the other side of a split counted, kept by the merge though that member is gone.
    HashMap<String, Long> merged = new HashMap<>(counters.get(COUNTER));
    merged.put("member-lost-in-the-split", 40L);
    counters.put(COUNTER, merged);

    Eventually.assertThat("only this member's 7 frames are counted", () ->
        ClusterCounters.total(counters.get(COUNTER)) == 7);
  }
}
