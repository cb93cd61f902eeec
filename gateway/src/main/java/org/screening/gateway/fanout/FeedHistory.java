package org.screening.gateway.fanout;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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

  FeedHistory(int perFeed, int maxFeeds) {
    this.perFeed = perFeed;
    this.feeds = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<FeedKey, Deque<ResultEvent>> eldest) {
        return size() > maxFeeds;
      }
    };
  }

  void append(ResultEvent event) {
    Deque<ResultEvent> events = feeds.computeIfAbsent(event.feed(), f -> new ArrayDeque<>());
    if (events.size() == perFeed) {
      events.removeFirst();
    }
    events.addLast(event);
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
