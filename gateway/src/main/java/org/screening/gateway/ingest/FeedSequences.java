package org.screening.gateway.ingest;

import io.vertx.core.Future;
import io.vertx.core.shareddata.SharedData;

/**
 * Hands out frame sequence numbers per feed, increasing across the whole cluster (a feed may be
 * fed through several nodes): one cluster counter per feed, advanced by a block per request.
 */
final class FeedSequences {

  private final SharedData shared;

  FeedSequences(SharedData shared) {
    this.shared = shared;
  }

  /** The first of {@code count} consecutive sequence numbers now reserved for the feed. */
  Future<Long> reserve(String tenant, String feed, int count) {
    return shared.getCounter("screening.sequence." + tenant + "/" + feed)
        .compose(counter -> counter.addAndGet(count))
        .map(last -> last - count + 1);
  }
}
