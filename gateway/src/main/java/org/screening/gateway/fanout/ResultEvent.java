package org.screening.gateway.fanout;

import org.screening.schemas.v1.Task;

/**
 * A result ready to send: encoded to JSON once, whatever the number of subscribers.
 *
 * @param task the task the result answers
 * @param droppedStale true when the result reports that a worker dropped the frame
 * @param json the result as {@link ResultJson} writes it, on one line
 */
public record ResultEvent(FeedKey feed, String frameId, Task task, boolean droppedStale,
    EventId id, String json) implements FeedEvent {

  @Override
  public String type() {
    return "result";
  }
}
