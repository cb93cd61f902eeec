package org.screening.gateway.fanout;

import io.vertx.core.Handler;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.MessageDecodingException;
import org.screening.schemas.v1.Summary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to each record of the summaries topic on this node: decode it, keep it as its
 * feed's newest summary, and, when it was written since the node started, tell the feed's
 * subscribers (a {@code summary} notice: like a dead letter, it has no position on the results
 * topic). The tenant comes from the record, so another tenant's feed of the same name is
 * another feed.
 */
final class SummaryPipeline implements Handler<KafkaConsumerRecord<String, byte[]>> {

  private static final Logger LOG = LoggerFactory.getLogger(SummaryPipeline.class);
  static final String EVENT_TYPE = "summary";

  private final FeedSummaries summaries;
  private final FanoutHub hub;

  SummaryPipeline(FeedSummaries summaries, FanoutHub hub) {
    this.summaries = summaries;
    this.hub = hub;
  }

  @Override
  public void handle(KafkaConsumerRecord<String, byte[]> record) {
    Summary summary;
    try {
      summary = AvroCodec.summaries().decode(record.value());
    } catch (MessageDecodingException e) {
      // Position and reason only: the record's key is a feed id, which may be an identifier.
      LOG.warn("Skipping summaries record {}-{}: {}", record.partition(), record.offset(),
          e.reason());
      return;
    }
    FeedKey feed = new FeedKey(summary.getTenant(), summary.getFeedId());
    FeedNotice notice = new FeedNotice(EVENT_TYPE, SummaryJson.of(summary).encode());
    if (summaries.put(feed, notice, record.partition(), record.offset())) {
      hub.announce(feed, notice);
    }
  }
}
