package org.screening.gateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.broker.EmbeddedKafka;
import org.screening.gateway.cluster.HazelcastSettings;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import org.screening.gateway.support.Eventually;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.Images;
import org.screening.gateway.support.TestCluster;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Task;

@ExtendWith(GatewayClusterExtension.class)
class UploadTakeoverTest {

  private final TestCluster cluster;

  UploadTakeoverTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  @Test
  void aRetryOfAnUploadWhoseNodeDiedMidRequestSendsTheFrameIdsThatNodeHadChosen() throws Exception {
    String feed = TestCluster.feed("takeover");
    String key = UUID.randomUUID().toString();
    byte[] png = Images.png(16, 16, 3);
    GatewayConfig config = cluster.config().with(ConfigKeys.CLUSTER_PORT, EmbeddedKafka.freePort());
    HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastSettings.of(config));
    Vertx member = Vertx.builder().withClusterManager(manager).buildClustered()
        .await(60, TimeUnit.SECONDS);
    List<String> chosen;
    try {
      // A member takes the upload on, as a node does, and dies before it answers.
      String memberId = manager.getHazelcastInstance().getCluster().getLocalMember().getUuid()
          .toString();
      IdempotentUploads doomed = IdempotentUploads.create(member.sharedData(), memberId,
          id -> true).await();
      SubmissionOptions options = new SubmissionOptions(List.of(Task.CLASSIFY), Modality.OTHER,
          QosClass.BATCH, null, null, null, new SubmissionOptions.RawShape(null, null, null),
          false);
      chosen = doomed.claim("tenant-a", key, IdempotentUploads.fingerprint(feed, options,
          List.of(png)), 1).await().claim().frameIds();
      manager.getHazelcastInstance().getLifecycleService().terminate();
    } finally {
      member.close();
    }

    // Until the survivors see the member gone, the upload is in progress (409), as for a client.
    AtomicReference<HttpResponse<String>> retry = new AtomicReference<>();
    Eventually.assertThat("the retry is answered", () -> {
      retry.set(cluster.nodeB(TestCluster.KEY_A).submitOnce(feed, key, png));
      return retry.get().statusCode() != 409;
    });

    assertEquals(202, retry.get().statusCode(), retry.get().body());
    assertEquals(chosen.get(0), new JsonObject(retry.get().body()).getJsonArray("frames")
        .getJsonObject(0).getString("frame_id"));
  }
}
