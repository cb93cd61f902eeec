package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.gateway.auth.ApiKeyAuthentication;
import org.screening.gateway.support.ApiClient;
import org.screening.gateway.support.Eventually;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.TestCluster;

/** Keys in {@code auth.apiKeysFile} change while both nodes run. */
@ExtendWith(GatewayClusterExtension.class)
class ApiKeyRotationTest {

  /** A poll, a file read and a request: generous on a loaded two-core machine. */
  private static final long WITHIN_MS = TestCluster.KEYS_FILE_POLL_MS + 2_000;

  private final TestCluster cluster;
  private final String key = "rotated-" + UUID.randomUUID();

  ApiKeyRotationTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  @AfterEach
  void emptyTheKeysFile() throws Exception {
    writeKeysFile("[]");
  }

  @Test
  void aKeyAddedToTheKeysFileIsAcceptedByEveryNodeWithoutARestart() throws Exception {
    assertEquals(401, status(cluster.nodeA(key)));

    writeKeysFile(keyEntry(key));

    Eventually.assertThat("node A accepts the new key", () -> status(cluster.nodeA(key)) == 404);
    Eventually.assertThat("node B accepts the new key", () -> status(cluster.nodeB(key)) == 404);
  }

  @Test
  void aKeyRemovedFromTheKeysFileIsRefusedWithinThePollInterval() throws Exception {
    writeKeysFile(keyEntry(key));
    Eventually.assertThat("the key is accepted", () -> status(cluster.nodeA(key)) == 404);

    writeKeysFile("[]");
    long removed = System.nanoTime();
    Eventually.assertThat("the key is refused", () -> status(cluster.nodeA(key)) == 401);

    long tookMs = (System.nanoTime() - removed) / 1_000_000;
    assertTrue(tookMs < WITHIN_MS, "refused after " + tookMs + " ms");
    assertEquals(404, status(cluster.nodeA(TestCluster.KEY_A)), "configured keys stay");
  }

  @Test
  void aMalformedKeysFileKeepsTheKeysInForceAndLogsNoKeyMaterial() throws Exception {
    writeKeysFile(keyEntry(key));
    // Both nodes, each on its own poll: a node still on the old file would refuse the key below.
    Eventually.assertThat("node A accepts the key", () -> status(cluster.nodeA(key)) == 404);
    Eventually.assertThat("node B accepts the key", () -> status(cluster.nodeB(key)) == 404);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      writeKeysFile("[{\"id\": \"pasted\", \"key\": \"" + key + "\"");
      Eventually.assertThat("the problem is logged",
          () -> log.toString(StandardCharsets.UTF_8).contains("auth.apiKeysFile"));
    } finally {
      System.setErr(stderr);
    }

    assertEquals(404, status(cluster.nodeA(key)));
    assertEquals(404, status(cluster.nodeB(key)));
    String logged = log.toString(StandardCharsets.UTF_8);
    assertTrue(logged.contains("is not valid JSON"), logged);
    assertFalse(logged.contains(key), logged);
  }

  /** 404 for an unknown frame once authenticated, 401 when the key is refused. */
  private static int status(ApiClient client) throws Exception {
    return client.get("/v1/frames/" + UUID.randomUUID() + "/results").statusCode();
  }

  private static String keyEntry(String key) {
    return "[{\"id\": \"rotated\", \"tenant\": \"tenant-r\", \"sha256\": \""
        + ApiKeyAuthentication.sha256(key) + "\", \"scopes\": [\"read\"]}]";
  }

  /** Replaces the file in one step, as an operator should, so no node reads it half-written. */
  private void writeKeysFile(String json) throws Exception {
    Path next = Files.writeString(cluster.keysFile().resolveSibling(
        cluster.keysFile().getFileName() + ".next"), json);
    Files.move(next, cluster.keysFile(), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
