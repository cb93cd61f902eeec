package org.screening.gateway.fanout;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * A WebSocket stream of text messages: {@code {"type":"subscribed",...}} first, then
 * {@code {"type":"result","id":"<partition>-<offset>","result":{...}}} per result, and
 * {@code {"type":"dead_letter","dead_letter":{...}}}, {@code {"type":"summary","summary":{...}}}
 * or {@code {"type":"gap","gap":{...}}} for notices.
 */
final class WebSocketSubscriber extends Subscriber {

  /** Close code 1013, "try again later": the client fell too far behind. */
  private static final short TRY_AGAIN_LATER = 1013;
  private static final short GOING_AWAY = 1001;

  private final ServerWebSocket socket;
  private final FeedKey feed;

  WebSocketSubscriber(ServerWebSocket socket, FeedKey feed, int maxBacklog) {
    super(maxBacklog);
    this.socket = socket;
    this.feed = feed;
    // Clients have nothing to say on a result stream: read and drop, so nothing piles up.
    socket.handler(ignored -> {});
    socket.closeHandler(v -> closed());
  }

  @Override
  String transport() {
    return "websocket";
  }

  @Override
  void open(EventId position) {
    socket.writeTextMessage("{\"type\":\"subscribed\",\"feed_id\":\"" + feed.feed() + "\""
        + (position == null ? "" : ",\"id\":\"" + position + "\"") + "}");
  }

  @Override
  void write(FeedEvent event) {
    // The body sits under the type's name: {"type":"result","id":...,"result":{...}}.
    socket.writeTextMessage("{\"type\":\"" + event.type() + "\","
        + (event.id() == null ? "" : "\"id\":\"" + event.id() + "\",")
        + "\"" + event.type() + "\":" + event.json() + "}");
  }

  @Override
  void writeHeartbeat() {
    socket.writePing(Buffer.buffer());
  }

  @Override
  boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  @Override
  void onDrain(Runnable drained) {
    socket.drainHandler(v -> drained.run());
  }

  @Override
  void disconnect(boolean tooSlow) {
    if (!socket.isClosed()) {
      socket.close(tooSlow ? TRY_AGAIN_LATER : GOING_AWAY,
          tooSlow ? "fell too far behind; reconnect with lastEventId" : "gateway stopping");
    }
  }
}
