package org.screening.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.screening.broker.EmbeddedKafka;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;

/**
 * The uploads map is bounded per node as well as by its time to live, on a real member: within
 * the time to live, uploads past the bound push out the least recently used.
 */
class UploadsMapBoundTest {

  private static final int PER_NODE = 2_000;

  @Test
  void aNodeRemembersNoMoreIdempotencyKeysThanItsBound() {
    int port = EmbeddedKafka.freePort();
    HazelcastInstance member = Hazelcast.newHazelcastInstance(HazelcastSettings.of(
        GatewayConfig.defaults()
            .with(ConfigKeys.CLUSTER_NAME, "uploads-bound-" + UUID.randomUUID())
            .with(ConfigKeys.CLUSTER_HOST, "127.0.0.1")
            .with(ConfigKeys.CLUSTER_PORT, port)
            .with(ConfigKeys.CLUSTER_MEMBERS, List.of("127.0.0.1:" + port))
            .with(ConfigKeys.INGEST_IDEMPOTENCY_KEYS_PER_NODE, PER_NODE)));
    try {
      IMap<String, String> uploads = member.getMap(HazelcastSettings.UPLOADS_MAP);
      for (int i = 0; i < 10 * PER_NODE; i++) {
        uploads.set("tenant-a/" + UUID.randomUUID(), "{\"state\":\"done\",\"status\":202}");
      }
      int held = uploads.size();
      assertTrue(held > 0 && held <= PER_NODE,
          () -> "a bound of " + PER_NODE + " per node holds " + held + " of " + 10 * PER_NODE);
    } finally {
      member.shutdown();
    }
  }
}
