package org.screening.gateway.fanout;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The most recent results of each feed, kept so that a client that reconnects with
 * {@code Last-Event-ID} gets what it missed. Bounded twice: results per feed, and feeds (the
 * feed that received a result least recently is forgotten first).
 */
final class FeedHistory {

  private final int perFeed;
  private final Map<FeedKey, Deque<ResultEvent>> feeds;
  /** Per partition, the highest offset of a result forgotten (of any feed). */
  private final Map<Integer, Long> forgotten = new HashMap<>();

  FeedHistory(int perFeed, int maxFeeds) {
    this.perFeed = perFeed;
    this.feeds = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<FeedKey, Deque<ResultEvent>> eldest) {
        if (size() > maxFeeds) {
          eldest.getValue().forEach(FeedHistory.this::forget);
          return true;
        }
        return false;
      }
    };
  }

  void append(ResultEvent event) {
    Deque<ResultEvent> events = feeds.computeIfAbsent(event.feed(), f -> new ArrayDeque<>());
    if (events.size() == perFeed) {
      forget(events.removeFirst());
    }
    events.addLast(event);
  }

  /**
   * True when nothing after {@code seen} on its partition has been forgotten, so {@link #after}
   * is all there is (of what this node read). Counted over all feeds of the partition: cheap,
   * and errs towards reading the topic.
   */
  boolean holdsAllAfter(EventId seen) {
    return seen.offset() >= forgotten.getOrDefault(seen.partition(), -1L);
  }

  private void forget(ResultEvent event) {
    forgotten.merge(event.id().partition(), event.id().offset(), Math::max);
  }

  /**
   * The tenant's feeds with results kept here, each with the position just before its oldest
   * kept result: resuming after it replays all of them.
   */
  Map<String, EventId> feedsOf(String tenant) {
    Map<String, EventId> found = new HashMap<>();
    feeds.forEach((feed, events) -> {
      if (feed.tenant().equals(tenant) && !events.isEmpty()) {
        EventId oldest = events.getFirst().id();
        found.put(feed.feed(), new EventId(oldest.partition(), oldest.offset() - 1));
      }
    });
    return found;
  }

  /** The feed's kept results that come after {@code seen}, oldest first. */
  List<ResultEvent> after(FeedKey feed, EventId seen) {
    Deque<ResultEvent> events = feeds.get(feed);
    List<ResultEvent> missed = new ArrayList<>();
    if (events != null) {
      for (ResultEvent event : events) {
        if (event.id().after(seen)) {
          missed.add(event);
        }
      }
    }
    return missed;
  }
}
