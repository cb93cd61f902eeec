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
import java.util.concurrent.atomic.AtomicInteger;
import org.screening.schemas.v1.Frame;

/**
 * Frames through the gateway's HTTP API, as uploading clients send them: a frame counts as
 * sent once a node answered 202 with its id; a 429 is shed (never accepted). Requests go
 * round-robin over the nodes, and one that cannot be reached (killed) is retried on the next.
 * Requests are asynchronous, so the offered rate holds whatever the answers' latency: an
 * overloaded gateway must say no, not slow the clients down.
 */
final class HttpDoor implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ExecutorService io = Executors.newFixedThreadPool(4);
  // HTTP/1.1, a connection per upload in flight, as many separate clients would: over HTTP/2
  // the JDK client multiplexes onto one connection and fails past its stream limit.
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).executor(io).build();
  private final List<URI> nodes;
  private final String apiKey;
  private final DeliveryLedger ledger;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger pending = new AtomicInteger();

  HttpDoor(List<URI> nodes, String apiKey, DeliveryLedger ledger) {
    this.nodes = List.copyOf(nodes);
    this.apiKey = apiKey;
    this.ledger = ledger;
  }

  /** Starts one upload; returns at once. */
  void send(Frame frame) {
    pending.incrementAndGet();
    upload(frame, FrameSource.png(frame), nodes.size());
  }

  private void upload(Frame frame, byte[] png, int triesLeft) {
    URI node = nodes.get(Math.floorMod(next.getAndIncrement(), nodes.size()));
    HttpRequest request = HttpRequest.newBuilder(node.resolve(
            "/v1/feeds/" + frame.getFeedId() + "/frames?tasks=classify"))
        .header("Authorization", "Bearer " + apiKey)
        .header("Content-Type", "image/png")
        .timeout(Duration.ofSeconds(40))
        .POST(HttpRequest.BodyPublishers.ofByteArray(png))
        .build();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, e) -> {
      if (e != null && triesLeft > 1) {
        upload(frame, png, triesLeft - 1); // that node is gone: a client tries the next
        return;
      }
      if (e != null) {
        ledger.refused();
      } else if (response.statusCode() == 202) {
        ledger.accepted(frameId(response.body()), FrameSource.TASKS);
      } else if (response.statusCode() == 429) {
        ledger.shed();
      } else {
        ledger.refused();
      }
      pending.decrementAndGet();
    });
  }

  private static String frameId(String body) {
    try {
      return JSON.readTree(body).get("frames").get(0).get("frame_id").asText();
    } catch (IOException e) {
      throw new IllegalStateException("A 202 answer without a frame id", e);
    }
  }

  /** Waits (up to a minute) for the answers to the uploads already started, then stops. */
  @Override
  public void close() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (pending.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    io.shutdown();
  }
}
