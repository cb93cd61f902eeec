package org.screening.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;

class HazelcastSettingsTest {

  private final Config hazelcast = HazelcastSettings.of(GatewayConfig.defaults()
      .with(ConfigKeys.CLUSTER_NAME, "ward-7")
      .with(ConfigKeys.CLUSTER_HOST, "10.0.0.5")
      .with(ConfigKeys.CLUSTER_MEMBERS, List.of("10.0.0.5:5701", "10.0.0.6:5701")));

  @Test
  void aMemberListensOnlyOnItsConfiguredInterface() {
    assertEquals("false", hazelcast.getProperty("hazelcast.socket.bind.any"));
    assertTrue(hazelcast.getNetworkConfig().getInterfaces().isEnabled());
    assertEquals(List.of("10.0.0.5"),
        List.copyOf(hazelcast.getNetworkConfig().getInterfaces().getInterfaces()));
  }

  @Test
  void aMemberLooksForTheListedMembersOnlyUnderItsClusterName() {
    JoinConfig join = hazelcast.getNetworkConfig().getJoin();

    assertEquals("ward-7", hazelcast.getClusterName());
    assertFalse(join.getMulticastConfig().isEnabled());
    assertFalse(join.getAutoDetectionConfig().isEnabled());
    assertFalse(join.getKubernetesConfig().isEnabled());
    assertEquals(List.of("10.0.0.5:5701", "10.0.0.6:5701"), join.getTcpIpConfig().getMembers());
  }
}
