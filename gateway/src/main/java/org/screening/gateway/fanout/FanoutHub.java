package org.screening.gateway.fanout;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.screening.gateway.metrics.GatewayMetrics;

/**
 * This node's subscribers, by feed, and the results it hands them. Replay and registration
 * happen in one step on the node's event loop, so a resuming client sees every result exactly
 * once: what it missed from {@link FeedHistory}, then the live ones.
 */
final class FanoutHub {

  private final Vertx vertx;
  private final FeedHistory history;
  private final ResultPositions positions;
  private final GatewayMetrics metrics;
  private final Map<FeedKey, Set<Subscriber>> subscribers = new HashMap<>();
  private final long heartbeatTimer;

  FanoutHub(Vertx vertx, FeedHistory history, ResultPositions positions, GatewayMetrics metrics,
      long heartbeatMs) {
    this.vertx = vertx;
    this.history = history;
    this.positions = positions;
    this.metrics = metrics;
    this.heartbeatTimer = vertx.setPeriodic(heartbeatMs, id -> heartbeat());
  }

  void publish(ResultEvent event) {
    history.append(event);
    Set<Subscriber> watching = subscribers.get(event.feed());
    if (watching != null) {
      // A subscriber that falls behind closes and leaves the set while we iterate.
      for (Subscriber subscriber : List.copyOf(watching)) {
        deliver(subscriber, event);
      }
    }
  }

  /**
   * Registers {@code subscriber}, after replaying what came after {@code lastSeen} (if given).
   * A fresh subscriber is told where it starts; a resuming one keeps the id it sent, since an
   * id past the replay would skip the replay if the stream broke during it.
   */
  void subscribe(FeedKey feed, Subscriber subscriber, EventId lastSeen) {
    subscriber.open(lastSeen == null ? positions.current(feed.feed()) : null);
    if (lastSeen != null) {
      for (ResultEvent missed : history.after(feed, lastSeen)) {
        if (!deliver(subscriber, missed)) {
          return;
        }
        metrics.replayed(subscriber.transport());
      }
    }
    subscribers.computeIfAbsent(feed, f -> new LinkedHashSet<>()).add(subscriber);
    metrics.subscribers(subscriber.transport()).incrementAndGet();
  }

  void unsubscribe(FeedKey feed, Subscriber subscriber) {
    Set<Subscriber> watching = subscribers.get(feed);
    if (watching != null && watching.remove(subscriber)) {
      metrics.subscribers(subscriber.transport()).decrementAndGet();
      if (watching.isEmpty()) {
        subscribers.remove(feed);
      }
    }
  }

  /** Ends every stream: the node is stopping. */
  void close() {
    vertx.cancelTimer(heartbeatTimer);
    List<Subscriber> all = new ArrayList<>();
    subscribers.values().forEach(all::addAll);
    all.forEach(subscriber -> subscriber.close(false));
  }

  private boolean deliver(Subscriber subscriber, ResultEvent event) {
    if (subscriber.send(event)) {
      metrics.delivered(subscriber.transport());
      return true;
    }
    metrics.slowSubscriberDropped(subscriber.transport());
    return false;
  }

  private void heartbeat() {
    subscribers.values().forEach(set -> set.forEach(Subscriber::heartbeat));
  }
}
