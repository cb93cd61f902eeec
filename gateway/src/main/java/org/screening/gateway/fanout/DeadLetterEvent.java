package org.screening.gateway.fanout;

import io.vertx.core.json.JsonObject;

/**
 * A frame a worker sent to the dead-letter topic, as its feed's subscribers and its lookup see
 * it: which frame, and why (never its bytes, nor the worker's free-text cause).
 */
record DeadLetterEvent(FeedKey feed, String frameId, String reason) {

  JsonObject json() {
    return new JsonObject()
        .put("frame_id", frameId)
        .put("feed_id", feed.feed())
        .put("reason", reason);
  }

  FeedNotice notice() {
    return new FeedNotice("dead_letter", json().encode());
  }
}
