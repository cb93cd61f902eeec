package org.screening.gateway.fanout;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One client watching one feed, over SSE or WebSocket. Events are written straight through while
 * the connection keeps up; when its write queue is full they wait in a backlog bounded by the
 * replay depth, and a client that falls further behind is disconnected: it could not resume
 * without a gap anyway. Used from the node's event loop only.
 */
abstract class Subscriber {

  private final Deque<FeedEvent> backlog = new ArrayDeque<>();
  private final int maxBacklog;
  private Runnable onClose = () -> {};
  private boolean closed;
  private EventId resumeAfter;

  Subscriber(int maxBacklog) {
    this.maxBacklog = maxBacklog;
  }

  /** {@code sse} or {@code websocket}, for metrics. */
  abstract String transport();

  /**
   * Announces the subscription: the client knows it will see every result from now on. {@code
   * position}, when not null, is the id to resume from should the stream break before the
   * first result.
   */
  abstract void open(EventId position);

  abstract void write(FeedEvent event);

  abstract void writeHeartbeat();

  abstract boolean writeQueueFull();

  /** Registers the callback for when the connection's write queue empties. */
  abstract void onDrain(Runnable drained);

  /** Ends the stream from the server side; {@code tooSlow} tells the client why. */
  abstract void disconnect(boolean tooSlow);

  /**
   * Makes the subscriber skip every result at or before {@code lastSeen}, the position its client
   * resumes after. Whatever node sent the client that far may have read further than this one,
   * so results this node reads later can still be ones the client has.
   */
  final void resumeAfter(EventId lastSeen) {
    this.resumeAfter = lastSeen;
  }

  /** Sets what to do, once, when the stream ends for whatever reason. */
  final void onClose(Runnable onClose) {
    this.onClose = onClose;
  }

  /**
   * Sends {@code event} or queues it behind the ones already waiting; false when the subscriber
   * is too far behind and has been disconnected.
   */
  final boolean send(FeedEvent event) {
    if (closed || seenBefore(event)) {
      return true;
    }
    if (backlog.isEmpty() && !writeQueueFull()) {
      write(event);
      return true;
    }
    if (backlog.size() >= maxBacklog) {
      close(true);
      return false;
    }
    if (backlog.isEmpty()) {
      onDrain(this::flush);
    }
    backlog.addLast(event);
    return true;
  }

  final void heartbeat() {
    if (!closed && backlog.isEmpty() && !writeQueueFull()) {
      writeHeartbeat();
    }
  }

  /** Ends the stream from the server side. */
  final void close(boolean tooSlow) {
    if (!closed) {
      disconnect(tooSlow);
      closed();
    }
  }

  /** The transport reports the stream ended (client gone, or our own close). */
  final void closed() {
    if (!closed) {
      closed = true;
      backlog.clear();
      onClose.run();
    }
  }

  private boolean seenBefore(FeedEvent event) {
    return resumeAfter != null && event.id() != null && !event.id().after(resumeAfter);
  }

  private void flush() {
    while (!closed && !backlog.isEmpty() && !writeQueueFull()) {
      write(backlog.removeFirst());
    }
    if (!backlog.isEmpty()) {
      onDrain(this::flush);
    }
  }
}
