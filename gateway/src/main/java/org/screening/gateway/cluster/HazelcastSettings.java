package org.screening.gateway.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.KubernetesConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.NetworkConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;

/**
 * The Hazelcast member configuration of a gateway node: explicit TCP/IP join, nothing discovered
 * on the network, so nodes on one machine (or a test JVM) find exactly the members listed; or,
 * on Kubernetes, Hazelcast's own discovery through the API server (the pods behind a Service).
 */
public final class HazelcastSettings {

  /**
   * The map of uploads sent under an {@code Idempotency-Key}. Its entries expire by the map's
   * configuration, counted from their last update, because Vert.x's map API cannot update an
   * entry and keep a per-entry time to live.
   */
  public static final String UPLOADS_MAP = "screening.uploads";

  private HazelcastSettings() {}

  public static Config of(GatewayConfig config) {
    // Vert.x's default file declares the maps its event bus and HA need; keep them.
    Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName(config.get(ConfigKeys.CLUSTER_NAME));
    hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
    hazelcast.setProperty("hazelcast.wait.seconds.before.join", "0");
    hazelcast.setProperty("hazelcast.socket.bind.any", "false");
    hazelcast.setProperty("hazelcast.logging.type", "slf4j");
    // Without this a member leaves only after Hazelcast's JVM shutdown hook, racing ours.
    hazelcast.setProperty("hazelcast.shutdownhook.enabled", "false");

    hazelcast.addMapConfig(new MapConfig(UPLOADS_MAP)
        .setTimeToLiveSeconds(config.get(ConfigKeys.INGEST_IDEMPOTENCY_KEY_TTL_SECONDS))
        .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
            .setMaxSizePolicy(MaxSizePolicy.PER_NODE)
            .setSize(config.get(ConfigKeys.INGEST_IDEMPOTENCY_KEYS_PER_NODE))));

    NetworkConfig network = hazelcast.getNetworkConfig();
    network.setPort(config.get(ConfigKeys.CLUSTER_PORT));
    network.setPortAutoIncrement(false);
    network.setPublicAddress(config.get(ConfigKeys.CLUSTER_HOST));
    network.getInterfaces().setEnabled(true).addInterface(config.get(ConfigKeys.CLUSTER_HOST));

    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (config.get(ConfigKeys.CLUSTER_JOIN).equals(ConfigKeys.JOIN_KUBERNETES)) {
      KubernetesConfig kubernetes = join.getKubernetesConfig().setEnabled(true);
      config.get(ConfigKeys.CLUSTER_KUBERNETES).forEach(kubernetes::setProperty);
    } else {
      join.getTcpIpConfig().setEnabled(true).setMembers(config.get(ConfigKeys.CLUSTER_MEMBERS));
    }
    return hazelcast;
  }
}
