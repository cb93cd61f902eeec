package org.screening.gateway.support;

import io.vertx.core.json.JsonObject;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket result stream read by a real client, message by message. */
public final class WsStream implements WebSocket.Listener, AutoCloseable {

  private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;

  void attach(WebSocket socket) {
    this.socket = socket;
  }

  /** The next message, or an AssertionError after {@code timeout}. */
  public JsonObject next(Duration timeout) throws InterruptedException {
    JsonObject message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (message == null) {
      throw new AssertionError("no WebSocket message within " + timeout);
    }
    return message;
  }

  /** Waits for the {@code subscribed} message that opens every stream. */
  public WsStream awaitSubscribed() throws InterruptedException {
    JsonObject first = next(Duration.ofSeconds(10));
    if (!"subscribed".equals(first.getString("type"))) {
      throw new AssertionError("expected the subscribed message first, got " + first);
    }
    return this;
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      messages.add(new JsonObject(partial.toString()));
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
  }
}
