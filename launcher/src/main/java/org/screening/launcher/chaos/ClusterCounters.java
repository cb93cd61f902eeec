package org.screening.launcher.chaos;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;

/**
 * The gateway cluster's shared state as a Hazelcast client sees it: its members, and the
 * admission counters (in-flight frames per tenant and feed, open streams per API key). A client
 * is not a member, so reading changes nothing. The counters are Vert.x shared counters, which
 * Vert.x keeps as entries of one Hazelcast map.
 */
final class ClusterCounters implements AutoCloseable {

  /** Where vertx-hazelcast 5 keeps every {@code SharedData} counter (name to value). */
  private static final String VERTX_COUNTERS = "__vertx.map.counter";
  static final String IN_FLIGHT_PREFIX = "screening.inflight.";
  static final String SUBSCRIPTIONS_PREFIX = "screening.subscriptions.";

  private final HazelcastInstance client;

  ClusterCounters(List<String> members) {
    ClientConfig config = new ClientConfig();
    config.setClusterName(GatewayConfig.defaults().get(ConfigKeys.CLUSTER_NAME));
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.getNetworkConfig().setAddresses(members);
    config.getConnectionStrategyConfig().getConnectionRetryConfig()
        .setClusterConnectTimeoutMillis(30_000);
    this.client = HazelcastClient.newHazelcastClient(config);
  }

  int members() {
    return client.getCluster().getMembers().size();
  }

  /** Every screening counter and its value now, by name. */
  Map<String, Long> counters() {
    Map<String, Long> counters = new TreeMap<>();
    client.<String, Long>getMap(VERTX_COUNTERS).forEach((name, value) -> {
      if (name.startsWith("screening.")) {
        counters.put(name, value);
      }
    });
    return counters;
  }

  @Override
  public void close() {
    client.shutdown();
  }
}
