package org.screening.gateway.fanout;

/**
 * An event that is not a result and has no position on the results topic.
 *
 * @param type {@code dead_letter}, {@code summary} or {@code gap}
 * @param json the notice's body, on one line
 */
record FeedNotice(String type, String json) implements FeedEvent {

  @Override
  public EventId id() {
    return null;
  }
}
