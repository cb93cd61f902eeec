package org.screening.launcher.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.screening.schemas.v1.Frame;

/**
 * Frames through the gateway's HTTP API, as a well-behaved uploading client sends them: a frame
 * counts as sent once a node answered 202 with its id; a 429 is shed (never accepted). Requests
 * go round-robin over the nodes. An upload that certainly never reached a node (connection
 * refused: the node is dead) moves on to the next node, and a 503 is retried on the next node
 * after its {@code Retry-After}, a bounded number of times. An upload whose connection broke
 * after the request went out is not retried: the gateway gives frames their ids, so a resend
 * would make a second frame if the first had been accepted; it counts as unanswered, neither
 * sent nor refused. Requests are asynchronous, so the offered rate holds whatever the answers'
 * latency: an overloaded gateway must say no, not slow the clients down.
 */
final class HttpDoor implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Tries per frame: enough to get past one dead node and a few 503s, not to hide an outage. */
  private static final int ATTEMPTS = 5;
  private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

  private final ExecutorService io = Executors.newFixedThreadPool(4);
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
  // HTTP/1.1, a connection per upload in flight, as many separate clients would: over HTTP/2
  // the JDK client multiplexes onto one connection and fails past its stream limit.
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).executor(io).build();
  private final List<URI> nodes;
  private final String apiKey;
  private final DeliveryLedger ledger;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger pending = new AtomicInteger();
  private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();

  HttpDoor(List<URI> nodes, String apiKey, DeliveryLedger ledger) {
    this.nodes = List.copyOf(nodes);
    this.apiKey = apiKey;
    this.ledger = ledger;
  }

  /** Starts one upload; returns at once. */
  void send(Frame frame) {
    pending.incrementAndGet();
    upload(frame, FrameSource.png(frame), next.getAndIncrement(), 1);
  }

  /** Uploads started and not yet finally answered (retries included). */
  int pending() {
    return pending.get();
  }

  /**
   * How every attempt ended, by status code (a 429 or 503 lacking Retry-After as {@code
   * 429-without-retry-after}) or by kind of connection failure ({@code connect-failed}: never
   * reached the node; {@code broken:<exception>}: the connection broke after the request went
   * out).
   */
  Map<String, Long> answers() {
    Map<String, Long> counts = new TreeMap<>();
    answers.forEach((answer, count) -> counts.put(answer, count.get()));
    return counts;
  }

  private void upload(Frame frame, byte[] png, int firstNode, int attempt) {
    URI node = nodes.get(Math.floorMod(firstNode + attempt - 1, nodes.size()));
    HttpRequest request = HttpRequest.newBuilder(node.resolve(
            "/v1/feeds/" + frame.getFeedId() + "/frames?tasks=classify"))
        .header("Authorization", "Bearer " + apiKey)
        .header("Content-Type", "image/png")
        .timeout(Duration.ofSeconds(40))
        .POST(HttpRequest.BodyPublishers.ofByteArray(png))
        .build();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, e) -> {
      Throwable failure = e instanceof CompletionException ? e.getCause() : e;
      boolean neverArrived = failure instanceof ConnectException
          || failure instanceof HttpConnectTimeoutException;
      int status = response == null ? 0 : response.statusCode();
      answers.computeIfAbsent(answer(response, failure, neverArrived), a -> new AtomicLong())
          .incrementAndGet();
      if ((neverArrived || status == 503) && attempt < ATTEMPTS) {
        // Straight to the next node when this one is gone; after Retry-After when it said so.
        long delay = status == 503 ? retryAfter(response).toMillis()
            : attempt < nodes.size() ? 0 : DEFAULT_RETRY_AFTER.toMillis();
        retries.schedule(() -> upload(frame, png, firstNode, attempt + 1), delay,
            TimeUnit.MILLISECONDS);
        return;
      }
      if (status == 202) {
        ledger.accepted(frameId(response.body()), FrameSource.TASKS);
      } else if (status == 429) {
        ledger.shed();
      } else if (failure != null && !neverArrived) {
        ledger.unanswered();
      } else {
        ledger.refused();
      }
      pending.decrementAndGet();
    });
  }

  private static String answer(HttpResponse<?> response, Throwable failure,
      boolean neverArrived) {
    if (failure != null) {
      return neverArrived ? "connect-failed" : "broken:" + failure.getClass().getSimpleName();
    }
    int status = response.statusCode();
    // A refusal without Retry-After leaves clients to guess when to come back: flag it.
    boolean saysWhen = response.headers().firstValue("Retry-After").isPresent();
    return (status == 429 || status == 503) && !saysWhen ? status + "-without-retry-after"
        : String.valueOf(status);
  }

  private static Duration retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After")
        .map(seconds -> {
          try {
            return Duration.ofSeconds(Long.parseLong(seconds.trim()));
          } catch (NumberFormatException e) {
            return DEFAULT_RETRY_AFTER; // an HTTP date: this gateway sends seconds, others may not
          }
        })
        .orElse(DEFAULT_RETRY_AFTER);
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
    retries.shutdownNow();
    io.shutdown();
  }
}
