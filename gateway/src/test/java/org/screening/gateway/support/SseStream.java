package org.screening.gateway.support;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import io.vertx.core.json.JsonObject;

/** A Server-Sent Events stream read by a real HTTP client, event by event. */
public final class SseStream implements AutoCloseable {

  /** One SSE event: its own id (null when it has none), its type and its data (JSON). */
  public record Event(String id, String type, JsonObject data) {}

  private final HttpResponse<Stream<String>> response;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final CountDownLatch subscribed = new CountDownLatch(1);
  private final List<String> body = new ArrayList<>();

  SseStream(HttpResponse<Stream<String>> response) {
    this.response = response;
    Thread reader = new Thread(this::read, "sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  public int status() {
    return response.statusCode();
  }

  public HttpResponse<Stream<String>> response() {
    return response;
  }

  /** The whole body of a refused stream (a problem document). */
  public JsonObject problem() throws InterruptedException {
    subscribed.await(5, TimeUnit.SECONDS);
    return new JsonObject(String.join("\n", body));
  }

  /** Waits for the server's confirmation that the subscription is live. */
  public SseStream awaitSubscribed() throws InterruptedException {
    if (!subscribed.await(10, TimeUnit.SECONDS) || status() != 200) {
      throw new AssertionError("stream not subscribed: HTTP " + status());
    }
    return this;
  }

  /** The next event, or an AssertionError after {@code timeout}. */
  public Event next(Duration timeout) throws InterruptedException {
    Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (event == null) {
      throw new AssertionError("no event within " + timeout);
    }
    return event;
  }

  @Override
  public void close() {
    response.body().close();
  }

  private void read() {
    String id = null;
    String type = null;
    StringBuilder data = new StringBuilder();
    try {
      for (String line : (Iterable<String>) response.body()::iterator) {
        if (response.statusCode() != 200) {
          body.add(line);
        } else if (line.startsWith(": subscribed")) {
          subscribed.countDown();
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          type = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        } else if (line.isEmpty()) {
          // An event's id is the one in its own block (an EventSource keeps the last one seen).
          if (data.length() > 0) {
            events.add(new Event(id, type, new JsonObject(data.toString())));
          }
          id = null;
          type = null;
          data.setLength(0);
        }
      }
    } catch (UncheckedIOException e) {
      // The stream was closed, by us or by the server.
    } finally {
      subscribed.countDown();
    }
  }
}
