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
 * go round-robin over the nodes, each with an {@code Idempotency-Key} of its own (the frame's
 * id from the source), so a resend cannot make a second frame where the gateway honours the
 * key. An upload that never reached a node (connection refused: the node is dead) or whose
 * connection broke after the request went out (the node died or froze mid-request) is resent
 * with the same key to the next node, and a 503 after its {@code Retry-After}, until
 * {@link #GIVE_UP} after the first try. One that never got an answer by then counts as
 * unanswered if any try may have reached a node, refused otherwise. Requests are asynchronous,
 * so the offered rate holds whatever the answers' latency: an overloaded gateway must say no,
 * not slow the clients down.
 */
final class HttpDoor implements AutoCloseable {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Long enough to outlast a dead node's detection and a broker's restart, not an outage. */
  static final Duration GIVE_UP = Duration.ofSeconds(90);
  /** A node that holds a request this long without an answer is treated as gone. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
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

  /** One frame's upload across its tries. */
  private record Upload(Frame frame, byte[] png, int firstNode, long startNanos,
      boolean mayHaveArrived) {

    Upload afterTry(boolean reachedNode) {
      return new Upload(frame, png, firstNode, startNanos, mayHaveArrived || reachedNode);
    }
  }

  HttpDoor(List<URI> nodes, String apiKey, DeliveryLedger ledger) {
    this.nodes = List.copyOf(nodes);
    this.apiKey = apiKey;
    this.ledger = ledger;
  }

  /** Starts one upload on the next node in turn; returns at once. */
  void send(Frame frame) {
    pending.incrementAndGet();
    upload(new Upload(frame, FrameSource.png(frame), next.getAndIncrement(), System.nanoTime(),
        false), 1);
  }

  /** Uploads started and not yet finally answered (retries included). */
  int pending() {
    return pending.get();
  }

  /**
   * How every attempt ended, by status code (a 429 or 503 lacking Retry-After as {@code
   * 429-without-retry-after}) or by kind of connection failure ({@code connect-failed}: never
   * reached the node; {@code broken:<exception>}: the connection broke, or no answer came,
   * after the request went out).
   */
  Map<String, Long> answers() {
    Map<String, Long> counts = new TreeMap<>();
    answers.forEach((answer, count) -> counts.put(answer, count.get()));
    return counts;
  }

  private void upload(Upload upload, int attempt) {
    Frame frame = upload.frame();
    URI node = nodes.get(Math.floorMod(upload.firstNode() + attempt - 1, nodes.size()));
    HttpRequest request = HttpRequest.newBuilder(node.resolve(
            "/v1/feeds/" + frame.getFeedId() + "/frames?tasks=classify"))
        .header("Authorization", "Bearer " + apiKey)
        .header("Content-Type", "image/png")
        .header(IDEMPOTENCY_KEY, frame.getFrameId())
        .timeout(REQUEST_TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofByteArray(upload.png()))
        .build();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, e) -> {
      Throwable failure = e instanceof CompletionException ? e.getCause() : e;
      boolean neverArrived = failure instanceof ConnectException
          || failure instanceof HttpConnectTimeoutException;
      int status = response == null ? 0 : response.statusCode();
      answers.computeIfAbsent(answer(response, failure, neverArrived), a -> new AtomicLong())
          .incrementAndGet();
      Upload tried = upload.afterTry(failure != null && !neverArrived);
      // 409: the first request with this key is still being processed somewhere.
      boolean retriable = failure != null || status == 503 || status == 409;
      boolean inTime = System.nanoTime() - upload.startNanos() < GIVE_UP.toNanos();
      if (retriable && inTime) {
        // Straight to the next node when this one is gone; after Retry-After when it said so.
        long delay = failure == null ? retryAfter(response).toMillis()
            : attempt < nodes.size() ? 0 : DEFAULT_RETRY_AFTER.toMillis();
        retries.schedule(() -> upload(tried, attempt + 1), delay, TimeUnit.MILLISECONDS);
        return;
      }
      if (status == 202) {
        ledger.accepted(frameId(response.body()), FrameSource.TASKS,
            DeliveryLedger.Placement.feed(frame.getFeedId()));
      } else if (status == 429) {
        ledger.shed();
      } else if (tried.mayHaveArrived()) {
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

  /** Waits (as long as uploads may retry) for the uploads already started, then stops. */
  @Override
  public void close() throws InterruptedException {
    long deadline = System.nanoTime() + GIVE_UP.plus(REQUEST_TIMEOUT).toNanos();
    while (pending.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    retries.shutdownNow();
    io.shutdown();
  }
}
