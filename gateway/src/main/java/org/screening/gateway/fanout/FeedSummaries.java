package org.screening.gateway.fanout;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The newest summary of each feed this node has read, for {@code GET /v1/feeds/{feed}/summary}.
 * The summaries topic is a table keyed by feed: every node reads it from its start (see {@link
 * ResultsConsumer}), so any node answers for any feed, also one summarised before it started.
 * Bounded by feeds; the one summarised least recently is forgotten first (write order, not
 * lookups), so nodes that read the same topic hold the same feeds. Used from the event loop only.
 */
final class FeedSummaries {

  private final Map<FeedKey, FeedNotice> newest;
  /** Per partition, where the topic ended when this node started: what comes before is old. */
  private final Map<Integer, Long> newsFrom = new HashMap<>();

  FeedSummaries(int maxFeeds) {
    this.newest = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<FeedKey, FeedNotice> eldest) {
        return size() > maxFeeds;
      }
    };
  }

  /**
   * Records read on {@code partition} below {@code end} were written before this node started:
   * they fill the table but are no news to the feed's subscribers.
   */
  void rebuildUntil(int partition, long end) {
    newsFrom.put(partition, end);
  }

  /**
   * Keeps {@code summary} as its feed's newest; true when it is news, written since this node
   * started, so the feed's subscribers are to be told.
   */
  boolean put(FeedKey feed, FeedNotice summary, int partition, long offset) {
    // Removed first, so that a feed summarised again counts as the most recent.
    newest.remove(feed);
    newest.put(feed, summary);
    return offset >= newsFrom.getOrDefault(partition, 0L);
  }

  /** The tenant's feeds with a summary known here. */
  List<String> feedsOf(String tenant) {
    return newest.keySet().stream().filter(feed -> feed.tenant().equals(tenant))
        .map(FeedKey::feed).toList();
  }

  /** The feed's newest summary, or null when none is known. */
  FeedNotice of(FeedKey feed) {
    return newest.get(feed);
  }
}
