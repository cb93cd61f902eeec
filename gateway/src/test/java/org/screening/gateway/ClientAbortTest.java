package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.gateway.support.ApiClient;
import org.screening.gateway.support.Eventually;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.RawHttp;
import org.screening.gateway.support.TestCluster;

/**
 * A client that drops its upload half way is not a server failure: operators alert on the 5xx
 * rate and read the error log, and no client should be able to move either.
 */
@ExtendWith(GatewayClusterExtension.class)
class ClientAbortTest {

  private static final String ABORTED =
      "gateway_http_requests_total{method=\"POST\",node=\"b\",route=\"submit-frames\","
          + "status=\"client_closed\"}";
  private static final String SERVER_ERROR = "route=\"submit-frames\",status=\"500\"";

  private final TestCluster cluster;

  ClientAbortTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  @Test
  void anUploadClosedHalfWayIsCountedAsClientClosedAndLoggedWithoutAnError() throws Exception {
    ApiClient metrics = cluster.nodeB(null);
    PrintStream stderr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    // slf4j-simple looks System.err up at each line, so the node's log lines land here.
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      try (RawHttp client = new RawHttp(metrics.uri("/").getPort())) {
        client.send("POST /v1/feeds/abort-secret-feed/frames HTTP/1.1\r\nHost: gateway\r\n"
            + "Authorization: Bearer " + TestCluster.KEY_A + "\r\n"
            + "Content-Type: image/png\r\nContent-Length: 100000\r\n\r\n");
        client.send(new byte[64]);
      }

      Eventually.assertThat("the abort is counted apart",
          () -> metrics.get("/metrics").body().contains(ABORTED));
    } finally {
      System.setErr(stderr);
    }
    String printed = log.toString(StandardCharsets.UTF_8);
    stderr.print(printed);
    assertFalse(metrics.get("/metrics").body().contains(SERVER_ERROR), "counted as a 500");
    assertFalse(printed.contains("ERROR org.screening"), printed);
    assertFalse(printed.contains("\tat "), "a stack trace: " + printed);
    assertFalse(printed.contains("null"), printed);
    assertFalse(printed.contains("abort-secret-feed"), printed);
  }
}
