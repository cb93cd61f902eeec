package org.screening.gateway.fanout;

import org.screening.gateway.admission.InFlightLedger;
import org.screening.schemas.v1.Result;
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

  /** The event of {@code result}, read at {@code id}. */
  static ResultEvent of(Result result, EventId id) {
    return new ResultEvent(
        new FeedKey(result.getTenant(), result.getFeedId()),
        result.getFrameId(),
        result.getTask(),
        InFlightLedger.DROPPED_STALE.equals(result.getAttributes().get(InFlightLedger.OUTCOME)),
        id,
        ResultJson.of(result).encode());
  }

  @Override
  public String type() {
    return "result";
  }
}
