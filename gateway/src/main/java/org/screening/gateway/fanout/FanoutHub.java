package org.screening.gateway.fanout;

import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.screening.gateway.metrics.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's subscribers, by feed, and the results it hands them. A resuming client sees every
 * result exactly once: what it missed, then the live ones, never one at or before the position
 * it resumes after (its last node may have read further than this one). What it missed comes
 * from {@link FeedHistory} when that holds all of it (replay and registration then happen in one
 * step on the event loop); otherwise from the results topic itself ({@link TopicReplay}), while
 * the live results that arrive meanwhile wait; a {@code gap} notice says where the topic now
 * starts when retention removed what the client missed.
 */
final class FanoutHub {

  private static final Logger LOG = LoggerFactory.getLogger(FanoutHub.class);

  private final Vertx vertx;
  private final FeedHistory history;
  private final ResultPositions positions;
  private final RecentKeys seen;
  private final TopicReplay replay;
  private final int maxBacklog;
  private final GatewayMetrics metrics;
  private final Map<FeedKey, Set<Subscriber>> subscribers = new HashMap<>();
  /** Subscribers being replayed from the topic, with the live events held back meanwhile. */
  private final Map<Subscriber, List<FeedEvent>> catchingUp = new HashMap<>();
  private final long heartbeatTimer;

  FanoutHub(Vertx vertx, FeedHistory history, ResultPositions positions, RecentKeys seen,
      TopicReplay replay, int maxBacklog, GatewayMetrics metrics, long heartbeatMs) {
    this.vertx = vertx;
    this.history = history;
    this.positions = positions;
    this.seen = seen;
    this.replay = replay;
    this.maxBacklog = maxBacklog;
    this.metrics = metrics;
    this.heartbeatTimer = vertx.setPeriodic(heartbeatMs, id -> heartbeat());
  }

  void publish(ResultEvent event) {
    history.append(event);
    send(event.feed(), event);
  }

  /** Tells the feed's subscribers of {@code notice}; notices are not kept for replay. */
  void announce(FeedKey feed, FeedNotice notice) {
    send(feed, notice);
  }

  private void send(FeedKey feed, FeedEvent event) {
    Set<Subscriber> watching = subscribers.get(feed);
    if (watching != null) {
      // A subscriber that falls behind closes and leaves the set while we iterate.
      for (Subscriber subscriber : List.copyOf(watching)) {
        List<FeedEvent> held = catchingUp.get(subscriber);
        if (held == null) {
          deliver(subscriber, event);
        } else if (held.size() < maxBacklog) {
          held.add(event);
        } else {
          metrics.slowSubscriberDropped(subscriber.transport());
          subscriber.close(true);
        }
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
    subscriber.resumeAfter(lastSeen);
    if (missedMoreThanMemory(feed, lastSeen)) {
      catchingUp.put(subscriber, new ArrayList<>());
      register(feed, subscriber);
      replay.read(feed, lastSeen, positions.last(lastSeen.partition()), maxBacklog)
          .onComplete(done -> caughtUp(feed, subscriber, lastSeen, done));
      return;
    }
    if (lastSeen != null) {
      for (ResultEvent missed : history.after(feed, lastSeen)) {
        if (!deliver(subscriber, missed)) {
          return;
        }
        metrics.replayed(subscriber.transport());
      }
    }
    register(feed, subscriber);
  }

  /**
   * True when what the client missed after {@code lastSeen} may not all be in memory: this node
   * started reading the partition later, or has forgotten results since. (An id of another
   * partition, after the topic was repartitioned, can only be answered from memory.)
   */
  private boolean missedMoreThanMemory(FeedKey feed, EventId lastSeen) {
    if (lastSeen == null) {
      return false;
    }
    Long started = positions.startedAt(lastSeen.partition());
    if (started == null || lastSeen.partition() != positions.partitionOf(feed.feed())) {
      return false;
    }
    return lastSeen.offset() + 1 < started || !history.holdsAllAfter(lastSeen);
  }

  private void caughtUp(FeedKey feed, Subscriber subscriber, EventId lastSeen,
      AsyncResult<TopicReplay.Replayed> done) {
    List<FeedEvent> held = catchingUp.remove(subscriber);
    if (held == null) {
      return; // the client left meanwhile
    }
    if (done.failed()) {
      LOG.warn("Could not replay a feed from the results topic: {}", done.cause().toString());
      subscriber.close(false);
      return;
    }
    TopicReplay.Replayed replayed = done.result();
    if (replayed.firstAvailable() != null) {
      deliver(subscriber, new FeedNotice("gap", new JsonObject()
          .put("feed_id", feed.feed())
          .put("resumed_after", lastSeen.toString())
          .put("first_available", replayed.firstAvailable().toString())
          .encode()));
    }
    Set<String> replayedKeys = new HashSet<>();
    for (TopicReplay.Item item : replayed.items()) {
      EventId first = seen.firstSeenAt(item.resultKey());
      boolean duplicate = first != null && !first.equals(item.event().id())
          || !replayedKeys.add(item.resultKey());
      if (!duplicate && !deliver(subscriber, item.event())) {
        return;
      }
    }
    if (replayed.truncated()) {
      // More than a backlog's worth: the client resumes from the last one it got, and so on.
      subscriber.close(false);
      return;
    }
    for (FeedEvent event : held) {
      if (!deliver(subscriber, event)) {
        return;
      }
    }
  }

  private void register(FeedKey feed, Subscriber subscriber) {
    subscribers.computeIfAbsent(feed, f -> new LinkedHashSet<>()).add(subscriber);
    metrics.subscribers(subscriber.transport()).incrementAndGet();
  }

  void unsubscribe(FeedKey feed, Subscriber subscriber) {
    Set<Subscriber> watching = subscribers.get(feed);
    catchingUp.remove(subscriber);
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

  private boolean deliver(Subscriber subscriber, FeedEvent event) {
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
