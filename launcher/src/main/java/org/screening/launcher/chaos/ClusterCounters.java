package org.screening.launcher.chaos;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.screening.gateway.admission.Admission;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;

/**
 * The gateway cluster's shared state as a Hazelcast client sees it: its members, and the
 * admission counters (in-flight frames per tenant and feed, open streams per API key). A client
 * is not a member, so reading changes nothing. The gateway keeps the counters as entries of one
 * Hazelcast map ({@link org.screening.gateway.admission.ClusterCounters#MAP}), each the sum of
 * the members' parts, and removes a counter back at zero, so an absent counter reads 0.
 */
final class ClusterCounters implements AutoCloseable {

  static final String IN_FLIGHT_PREFIX = Admission.IN_FLIGHT_PREFIX;
  static final String SUBSCRIPTIONS_PREFIX = Admission.SUBSCRIPTIONS_PREFIX;

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
    client.<String, Map<String, Long>>getMap(org.screening.gateway.admission.ClusterCounters.MAP)
        .forEach((name, amounts) ->
            counters.put(name, org.screening.gateway.admission.ClusterCounters.total(amounts)));
    return counters;
  }

  @Override
  public void close() {
    client.shutdown();
  }
}
