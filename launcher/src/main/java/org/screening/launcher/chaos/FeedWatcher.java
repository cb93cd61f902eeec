package org.screening.launcher.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.screening.schemas.v1.Task;

/**
 * One client watching one feed over Server-Sent Events, as a viewer's EventSource would: it
 * remembers the id of the last event it got and, when the stream breaks (its gateway node
 * died), reconnects to the next node in its list with {@code Last-Event-ID}; that node replays
 * what came after from its recent results, then streams on. Every result event goes to the
 * ledger, so a gap shows as a lost frame and a replay overlap as a duplicate.
 */
final class FeedWatcher implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final List<URI> nodes;
  private final String feed;
  private final String apiKey;
  private final DeliveryLedger ledger;
  private final CountDownLatch subscribed = new CountDownLatch(1);
  private final AtomicInteger reconnects = new AtomicInteger();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile InputStream body;
  private String lastEventId;
  private int node;

  /** Watches {@code feed} on {@code nodes[first]} first, then the next node on each break. */
  FeedWatcher(List<URI> nodes, int first, String feed, String apiKey, DeliveryLedger ledger) {
    this.nodes = List.copyOf(nodes);
    this.node = first;
    this.feed = feed;
    this.apiKey = apiKey;
    this.ledger = ledger;
    this.thread = new Thread(this::watch, "chaos-sse");
    thread.setDaemon(true);
    thread.start();
  }

  /** Waits for the first subscription, after which no result of the feed can be missed. */
  void awaitSubscribed(Duration timeout) throws InterruptedException {
    if (!subscribed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("A feed stream did not open within " + timeout);
    }
  }

  /** Times the stream broke and was resumed (on another node, or the same one). */
  int reconnects() {
    return reconnects.get();
  }

  private void watch() {
    while (running) {
      try {
        stream(nodes.get(node));
      } catch (IOException e) {
        // The node went away or refused us: try the next one.
      } catch (InterruptedException e) {
        return;
      }
      if (running) {
        reconnects.incrementAndGet();
        node = (node + 1) % nodes.size();
        pause();
      }
    }
  }

  private void stream(URI base) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            base.resolve("/v1/feeds/" + feed + "/results"))
        .header("Authorization", "Bearer " + apiKey)
        .header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<InputStream> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    body = response.body();
    if (response.statusCode() != 200) {
      body.close();
      throw new IOException("feed stream answered " + response.statusCode());
    }
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(body, StandardCharsets.UTF_8))) {
      // As an EventSource does: an event counts, and its id becomes the one to resume from,
      // only once its closing blank line arrives; an id with no data (the stream's opening
      // position) moves the id without an event.
      String id = null;
      String data = null;
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith(": subscribed")) {
          subscribed.countDown();
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("data: ")) {
          data = line.substring(6);
        } else if (line.isEmpty()) {
          if (data != null) {
            JsonNode event = JSON.readTree(data);
            ledger.delivered(event.get("frame_id").asText(),
                Task.valueOf(event.get("task").asText()), event.path("worker_id").asText());
          }
          if (id != null) {
            lastEventId = id;
          }
          id = null;
          data = null;
        }
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    InputStream open = body;
    if (open != null) {
      try {
        open.close();
      } catch (IOException e) {
        // Closing is all we wanted.
      }
    }
    thread.interrupt();
    thread.join(2_000);
  }
}
