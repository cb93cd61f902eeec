package org.screening.gateway.fanout;

import io.vertx.core.http.HttpServerResponse;

/**
 * A Server-Sent Events stream: one {@code result} event per result, its {@code id} the event's
 * {@link EventId}, so a reconnecting EventSource sends it back as {@code Last-Event-ID}; notices
 * ({@code dead_letter}, {@code summary}, {@code gap}) carry no id, so they leave that position
 * where it was.
 */
final class SseSubscriber extends Subscriber {

  private final HttpServerResponse response;

  SseSubscriber(HttpServerResponse response, int maxBacklog) {
    super(maxBacklog);
    this.response = response;
    response.closeHandler(v -> closed());
  }

  @Override
  String transport() {
    return "sse";
  }

  @Override
  void open(EventId position) {
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        // Proxies such as nginx would otherwise hold events back to fill their buffers.
        .putHeader("X-Accel-Buffering", "no");
    // An id with no data sets the EventSource's last event id without dispatching an event, so
    // a browser resumes from here even if the stream breaks before the first result.
    response.write(position == null ? ": subscribed\n\n" : ": subscribed\nid: " + position + "\n\n");
  }

  @Override
  void write(FeedEvent event) {
    response.write((event.id() == null ? "" : "id: " + event.id() + "\n")
        + "event: " + event.type() + "\ndata: " + event.json() + "\n\n");
  }

  @Override
  void writeHeartbeat() {
    response.write(": keep-alive\n\n");
  }

  @Override
  boolean writeQueueFull() {
    return response.writeQueueFull();
  }

  @Override
  void onDrain(Runnable drained) {
    response.drainHandler(v -> drained.run());
  }

  @Override
  void disconnect(boolean tooSlow) {
    if (tooSlow) {
      // Ending politely would queue behind the backlog the client is not reading.
      response.reset();
    } else if (!response.ended() && !response.closed()) {
      response.end();
    }
  }
}
