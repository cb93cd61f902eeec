package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.broker.EmbeddedKafka;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.support.Eventually;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.RawHttp;
import org.screening.gateway.support.TestCluster;

/**
 * Clients that hold connections without finishing their requests, on a node of its own with
 * short timeouts (a cluster of one, so the shared nodes keep their defaults): each is cut off,
 * with a 408 where HTTP has a request to answer.
 */
@ExtendWith(GatewayClusterExtension.class)
class SlowClientsTest {

  private static final long TIMEOUT_MS = 1_000;
  private static final int CONNECTIONS_PER_ADDRESS = 4;

  private static GatewayNode node;

  @BeforeAll
  static void startNode(TestCluster cluster) throws Exception {
    int clusterPort = EmbeddedKafka.freePort();
    node = GatewayNode.start(cluster.config()
        .with(ConfigKeys.NODE_ID, "slow")
        .with(ConfigKeys.CLUSTER_NAME, "slow-clients-" + UUID.randomUUID())
        .with(ConfigKeys.CLUSTER_PORT, clusterPort)
        .with(ConfigKeys.CLUSTER_MEMBERS, List.of("127.0.0.1:" + clusterPort))
        .with(ConfigKeys.LIMITS_HEADER_TIMEOUT_MS, TIMEOUT_MS)
        .with(ConfigKeys.LIMITS_BODY_TIMEOUT_MS, TIMEOUT_MS)
        .with(ConfigKeys.LIMITS_CONNECTIONS_PER_ADDRESS, CONNECTIONS_PER_ADDRESS)
        .with(ConfigKeys.LIMITS_SUBSCRIPTIONS_PER_KEY, 32)).await(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) {
      node.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aRequestHeadSentInPartIsCutOff() throws Exception {
    try (RawHttp client = new RawHttp(node.port())) {
      client.send("POST /v1/feeds/slow/frames HTTP/1.1\r\nHost: gateway\r\nContent-Ty");

      assertEquals("", client.readUntilClosed(), "no request, so nothing to answer");
    }
  }

  @Test
  void aRequestHeadTrickledByteByByteIsCutOff() throws Exception {
    byte[] head = ("GET /health/live HTTP/1.1\r\nHost: gateway\r\n"
        + "X-Padding: " + "x".repeat(4096) + "\r\n\r\n").getBytes();
    try (RawHttp client = new RawHttp(node.port())) {
      // Every byte resets an idle timer; only a deadline on the whole head stops this client.
      Thread trickle = new Thread(() -> {
        try {
          for (byte b : head) {
            client.send(new byte[] {b});
            Thread.sleep(100);
          }
        } catch (IOException | InterruptedException closed) {
          // the server closed the connection, as it should
        }
      }, "trickle");
      trickle.setDaemon(true);
      trickle.start();

      assertEquals("", client.readUntilClosed());
      trickle.interrupt();
    }
  }

  @Test
  void aBodyThatStallsAfter64BytesIsAnswered408AndClosed() throws Exception {
    try (RawHttp client = new RawHttp(node.port())) {
      client.send("POST /v1/feeds/slow/frames HTTP/1.1\r\nHost: gateway\r\n"
          + "Authorization: Bearer " + TestCluster.KEY_A + "\r\n"
          + "Content-Type: image/png\r\nContent-Length: 4096\r\n\r\n");
      client.send(new byte[64]);

      String answer = client.readUntilClosed();
      assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
      assertTrue(answer.contains("/problems/request-timeout"), answer);
    }
  }

  @Test
  void anIdleKeptAliveConnectionIsClosed() throws Exception {
    try (RawHttp client = new RawHttp(node.port())) {
      client.send("GET /health/live HTTP/1.1\r\nHost: gateway\r\n\r\n");
      assertTrue(client.readHead().startsWith("HTTP/1.1 200 "));

      String rest = client.readUntilClosed();
      assertFalse(rest.contains("HTTP/1.1"), "no second answer: " + rest);
    }
  }

  @Test
  void connectionsFromOneAddressOverTheLimitAreClosedUntilOneEnds() throws Exception {
    String feed = TestCluster.feed("slow");
    List<RawHttp> streams = new ArrayList<>();
    try {
      // Streams hold their connections legitimately: no timeout applies to them.
      for (int i = 0; i < CONNECTIONS_PER_ADDRESS; i++) {
        RawHttp stream = new RawHttp(node.port());
        streams.add(stream);
        stream.send("GET /v1/feeds/" + feed + "/results HTTP/1.1\r\nHost: gateway\r\n"
            + "Authorization: Bearer " + TestCluster.KEY_A + "\r\n"
            + "Accept: text/event-stream\r\n\r\n");
        assertTrue(stream.readHead().startsWith("HTTP/1.1 200 "));
      }

      try (RawHttp oneMore = new RawHttp(node.port())) {
        oneMore.send("GET /health/live HTTP/1.1\r\nHost: gateway\r\n\r\n");
        String answer = oneMore.readUntilClosed();
        assertFalse(answer.contains("200"), "over the limit, yet answered: " + answer);
      }

      streams.remove(0).close();
      Eventually.assertThat("a connection is accepted again", () -> {
        try (RawHttp again = new RawHttp(node.port())) {
          again.send("GET /health/live HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n");
          return again.readUntilClosed().startsWith("HTTP/1.1 200 ");
        }
      });
    } finally {
      for (RawHttp stream : streams) {
        stream.close();
      }
    }
  }
}
