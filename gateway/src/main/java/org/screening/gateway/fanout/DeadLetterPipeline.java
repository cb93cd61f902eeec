package org.screening.gateway.fanout;

import io.vertx.core.Handler;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaHeader;
import java.util.Arrays;
import org.screening.gateway.admission.InFlightLedger;
import org.screening.gateway.metrics.GatewayMetrics;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.DeadLetterHeaders;
import org.screening.schemas.DeadLetterReason;
import org.screening.schemas.MessageDecodingException;
import org.screening.schemas.v1.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to each record of the frames' dead-letter topic on this node: find the frame
 * (its tenant, feed and id come from the original frame the record carries), settle its
 * admission at once (no result will come), keep the outcome for its lookup and tell the feed's
 * subscribers. A record whose frame cannot be decoded names no feed: it is only counted.
 */
final class DeadLetterPipeline implements Handler<KafkaConsumerRecord<String, byte[]>> {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPipeline.class);
  static final String UNKNOWN_REASON = "UNKNOWN";

  private final RecentKeys seen;
  private final InFlightLedger ledger;
  private final FrameResults frames;
  private final FanoutHub hub;
  private final GatewayMetrics metrics;

  DeadLetterPipeline(RecentKeys seen, InFlightLedger ledger, FrameResults frames, FanoutHub hub,
      GatewayMetrics metrics) {
    this.seen = seen;
    this.ledger = ledger;
    this.frames = frames;
    this.hub = hub;
    this.metrics = metrics;
  }

  @Override
  public void handle(KafkaConsumerRecord<String, byte[]> record) {
    String reason = reason(record);
    metrics.deadLetterReceived(reason);
    Frame frame;
    try {
      frame = AvroCodec.frames().decode(record.value());
    } catch (MessageDecodingException e) {
      LOG.warn("Dead letter {}-{} ({}) carries no readable frame: no subscriber can be told",
          record.partition(), record.offset(), reason);
      return;
    }
    // A frame redelivered to a worker may be dead-lettered twice; its subscribers hear it once.
    if (!seen.firstSighting("dead-letter:" + frame.getFrameId(),
        new EventId(record.partition(), record.offset()))) {
      return;
    }
    DeadLetterEvent event = new DeadLetterEvent(
        new FeedKey(frame.getTenant(), frame.getFeedId()), frame.getFrameId(), reason);
    ledger.onDeadLetter(frame.getFrameId());
    frames.deadLetter(event);
    hub.announce(event.feed(), event.notice());
  }

  /** The record's reason if it is one of the known ones (it becomes a metric tag). */
  private static String reason(KafkaConsumerRecord<String, byte[]> record) {
    for (KafkaHeader header : record.headers()) {
      if (DeadLetterHeaders.REASON.equals(header.key())) {
        String reason = header.value().toString();
        return Arrays.stream(DeadLetterReason.values()).anyMatch(r -> r.name().equals(reason))
            ? reason : UNKNOWN_REASON;
      }
    }
    return UNKNOWN_REASON;
  }
}
