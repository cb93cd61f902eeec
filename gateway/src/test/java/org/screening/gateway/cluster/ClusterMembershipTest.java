package org.screening.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.broker.EmbeddedKafka;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import org.screening.gateway.support.Eventually;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.TestCluster;

/** Real Hazelcast members beside the two gateway nodes of the test cluster. */
@ExtendWith(GatewayClusterExtension.class)
class ClusterMembershipTest {

  private final TestCluster cluster;

  ClusterMembershipTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  @Test
  void membersUnderAnotherClusterNameNeverJoinTheGatewaysThoughTheyListThem() throws Exception {
    int portA = EmbeddedKafka.freePort();
    int portB = EmbeddedKafka.freePort();
    List<String> members = new ArrayList<>(cluster.config().get(ConfigKeys.CLUSTER_MEMBERS));
    members.addAll(List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB));
    GatewayConfig strangers = cluster.config()
        .with(ConfigKeys.CLUSTER_NAME, "stranger-" + UUID.randomUUID())
        .with(ConfigKeys.CLUSTER_MEMBERS, members);
    HazelcastInstance strangerA = Hazelcast.newHazelcastInstance(
        HazelcastSettings.of(strangers.with(ConfigKeys.CLUSTER_PORT, portA)));
    HazelcastInstance strangerB = Hazelcast.newHazelcastInstance(
        HazelcastSettings.of(strangers.with(ConfigKeys.CLUSTER_PORT, portB)));
    try {
      // The strangers do find each other, so the same join would have found the gateways.
      Eventually.assertThat("the strangers form a cluster of two",
          () -> strangerB.getCluster().getMembers().size() == 2);

      assertEquals(Set.of(portA, portB), ports(strangerA));
      assertEquals(Set.of(portA, portB), ports(strangerB));
    } finally {
      strangerB.shutdown();
      strangerA.shutdown();
    }
  }

  private static Set<Integer> ports(HazelcastInstance member) {
    return member.getCluster().getMembers().stream().map(Member::getAddress)
        .map(address -> address.getPort()).collect(Collectors.toSet());
  }
}
