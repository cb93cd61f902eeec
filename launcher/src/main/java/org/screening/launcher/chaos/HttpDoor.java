package org.screening.launcher.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.screening.schemas.v1.Frame;

/**
 * Frames through the gateway's HTTP API, as an uploading client sends them: a frame counts as
 * sent once a node answered 202 with its id; a 429 is shed (never accepted). Requests go
 * round-robin over the nodes, and one that cannot be reached (killed) is skipped for the next.
 * A pool of sender threads keeps the offered rate whatever the answers' latency.
 */
final class HttpDoor implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SENDERS = 16;

  private final ExecutorService io = Executors.newFixedThreadPool(4);
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).executor(io).build();
  private final ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
  private final List<URI> nodes;
  private final String apiKey;
  private final DeliveryLedger ledger;
  private final AtomicInteger next = new AtomicInteger();

  HttpDoor(List<URI> nodes, String apiKey, DeliveryLedger ledger) {
    this.nodes = List.copyOf(nodes);
    this.apiKey = apiKey;
    this.ledger = ledger;
  }

  /** Queues one upload; returns at once. */
  void send(Frame frame) {
    senders.execute(() -> upload(frame));
  }

  private void upload(Frame frame) {
    byte[] png = FrameSource.png(frame);
    for (int attempt = 0; attempt < nodes.size(); attempt++) {
      URI node = nodes.get(Math.floorMod(next.getAndIncrement(), nodes.size()));
      HttpRequest request = HttpRequest.newBuilder(node.resolve(
              "/v1/feeds/" + frame.getFeedId() + "/frames?tasks=classify"))
          .header("Authorization", "Bearer " + apiKey)
          .header("Content-Type", "image/png")
          .timeout(Duration.ofSeconds(40))
          .POST(HttpRequest.BodyPublishers.ofByteArray(png))
          .build();
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        continue; // that node is gone: a client tries the next
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      switch (response.statusCode()) {
        case 202 -> ledger.accepted(frameId(response.body()), FrameSource.TASKS);
        case 429 -> ledger.shed();
        default -> ledger.refused();
      }
      return;
    }
    ledger.refused();
  }

  private static String frameId(String body) {
    try {
      return JSON.readTree(body).get("frames").get(0).get("frame_id").asText();
    } catch (IOException e) {
      throw new IllegalStateException("A 202 answer without a frame id", e);
    }
  }

  /** Waits for the uploads already queued, then stops. */
  @Override
  public void close() throws InterruptedException {
    senders.shutdown();
    senders.awaitTermination(60, TimeUnit.SECONDS);
    io.shutdown();
  }
}
