package org.screening.gateway.fanout;

/**
 * What a feed's subscribers are sent: a result, or a notice about the feed (a dead letter, its
 * summary, a gap in what can be replayed).
 */
sealed interface FeedEvent permits ResultEvent, FeedNotice {

  /** The event's type: its SSE {@code event:} name and its WebSocket message's {@code type}. */
  String type();

  /**
   * Its position on the results topic, which a client resumes after; null for notices, which
   * come from elsewhere and must not move a client's resume position.
   */
  EventId id();

  /** The event's body as JSON text, on one line. */
  String json();
}
