package org.screening.deploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.screening.broker.EmbeddedKafka;
import org.junit.jupiter.api.io.TempDir;
import org.screening.gateway.cluster.HazelcastSettings;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;

/**
 * Two gateway members configured exactly as the chart's StatefulSet configures its pods (its
 * ConfigMap and its container environment) find each other through Hazelcast's Kubernetes
 * discovery, asking fabric8's mock API server for the members Service's EndpointSlice.
 */
class GatewayKubernetesDiscoveryTest {

  private static final String STATEFUL_SET = "screening-gateway";

  @Test
  void chartConfiguredMembersFormOneClusterFromTheApiServersEndpoints(@TempDir Path tmp)
      throws Exception {
    RenderedChart chart = RenderedChart.of("cpu");
    Path configFile = Files.writeString(tmp.resolve("gateway.json"),
        chart.configMapFile(STATEFUL_SET, "gateway.json"));
    JsonNode container = chart.container("StatefulSet", STATEFUL_SET);
    // Two pods; loopback addresses stand in for pod IPs, and one free port for 5701, which
    // another process on this machine may hold.
    List<String> podIps = List.of("127.0.0.1", "127.0.0.2");
    // Free on the wildcard address, so on every pod address.
    int memberPort = EmbeddedKafka.freePort();

    List<GatewayConfig> members = new ArrayList<>();
    for (int i = 0; i < podIps.size(); i++) {
      Map<String, String> env = RenderedChart.environment(container,
          Map.of("metadata.name", STATEFUL_SET + "-" + i, "status.podIP", podIps.get(i)));
      members.add(GatewayConfig.load(configFile, env));
    }
    GatewayConfig first = members.get(0);
    assertEquals(ConfigKeys.JOIN_KUBERNETES, first.get(ConfigKeys.CLUSTER_JOIN));
    Map<String, String> discovery = first.get(ConfigKeys.CLUSTER_KUBERNETES);

    Path endpoints = Files.writeString(tmp.resolve("endpoints.yaml"), endpointSlice(
        discovery.get("namespace"), discovery.get("service-name"), podIps, memberPort));
    // In a pod, Hazelcast reads the API address, token and CA from the service account mount.
    try (MockKubernetesApi api = MockKubernetesApi.serving(endpoints, tmp)) {
      // Both pods start together (a pod that starts alone waits out the join timeout first).
      List<CompletableFuture<HazelcastInstance>> starting = new ArrayList<>();
      for (int i = 0; i < members.size(); i++) {
        Map<String, String> inPod = new HashMap<>(members.get(i).get(ConfigKeys.CLUSTER_KUBERNETES));
        inPod.put("service-port", Integer.toString(memberPort));
        inPod.put("kubernetes-master", api.url());
        inPod.put("api-token", "service-account-token");
        inPod.put("ca-certificate", api.certificatePem());
        inPod.put("kubernetes-api-retries", "0");
        Config config = HazelcastSettings.of(members.get(i)
            .with(ConfigKeys.CLUSTER_PORT, memberPort)
            .with(ConfigKeys.CLUSTER_KUBERNETES, inPod));
        // A pod owns its IP on an interface; here the loopback interface holds only 127.0.0.1.
        config.setProperty("hazelcast.local.localAddress", podIps.get(i));
        starting.add(CompletableFuture.supplyAsync(() -> Hazelcast.newHazelcastInstance(config)));
      }
      List<HazelcastInstance> instances = new ArrayList<>();
      try {
        for (CompletableFuture<HazelcastInstance> member : starting) {
          instances.add(member.get(180, TimeUnit.SECONDS));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && !instances.stream()
            .allMatch(h -> h.getCluster().getMembers().size() == podIps.size())) {
          Thread.sleep(250);
        }
        for (HazelcastInstance instance : instances) {
          assertEquals(podIps.size(), instance.getCluster().getMembers().size(),
              instance.getCluster().getMembers().toString());
        }
        assertTrue(instances.get(1).getCluster().getMembers().stream()
            .anyMatch(m -> m.getAddress().getHost().equals("127.0.0.1")));
      } finally {
        instances.forEach(HazelcastInstance::shutdown);
        starting.forEach(f -> f.thenAccept(HazelcastInstance::shutdown));
      }
    }
  }


  private static String endpointSlice(String namespace, String service, List<String> ips,
      int port) {
    StringBuilder endpoints = new StringBuilder();
    for (String ip : ips) {
      endpoints.append("  - addresses: [\"").append(ip).append("\"]\n")
          .append("    conditions: {ready: false}\n");
    }
    // Not ready: the members Service publishes starting pods, and so must discovery find them.
    return """
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: %s-x1
          namespace: %s
          labels:
            kubernetes.io/service-name: %s
        addressType: IPv4
        ports:
          - name: hazelcast
            port: %d
            protocol: TCP
        endpoints:
        """.formatted(service, namespace, service, port) + endpoints;
  }
}
