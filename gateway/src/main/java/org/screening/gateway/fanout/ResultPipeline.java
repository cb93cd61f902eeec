package org.screening.gateway.fanout;

import io.vertx.core.Handler;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import org.screening.gateway.admission.InFlightLedger;
import org.screening.gateway.metrics.GatewayMetrics;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.MessageDecodingException;
import org.screening.schemas.v1.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to each record of the results topic on this node: decode, settle the admission
 * of its frame (if this node admitted it), drop it if its result_key was already seen, keep it
 * for frame lookups and replay, and hand it to the feed's subscribers.
 */
final class ResultPipeline implements Handler<KafkaConsumerRecord<String, byte[]>> {

  private static final Logger LOG = LoggerFactory.getLogger(ResultPipeline.class);

  private final RecentKeys seen;
  private final InFlightLedger ledger;
  private final FrameResults frames;
  private final FanoutHub hub;
  private final GatewayMetrics metrics;
  private final ResultPositions positions;

  ResultPipeline(RecentKeys seen, InFlightLedger ledger, FrameResults frames, FanoutHub hub,
      GatewayMetrics metrics, ResultPositions positions) {
    this.positions = positions;
    this.seen = seen;
    this.ledger = ledger;
    this.frames = frames;
    this.hub = hub;
    this.metrics = metrics;
  }

  @Override
  public void handle(KafkaConsumerRecord<String, byte[]> record) {
    metrics.resultReceived();
    positions.read(record.partition(), record.offset());
    Result result;
    try {
      result = AvroCodec.results().decode(record.value());
    } catch (MessageDecodingException e) {
      metrics.undecodableResult();
      LOG.warn("Skipping results record {}-{}: {} ({})", record.partition(), record.offset(),
          e.reason(), e.getMessage());
      return;
    }
    EventId id = new EventId(record.partition(), record.offset());
    // Settled before the duplicate check: a frame re-sent under the same Idempotency-Key after
    // its results came holds a new slot that only a copy of those results can release.
    ledger.onResult(result);
    if (!seen.firstSighting(result.getResultKey(), id)) {
      metrics.duplicateDropped();
      return;
    }
    ResultEvent event = ResultEvent.of(result, id);
    frames.add(event, FramePosition.of(result));
    hub.publish(event);
  }
}
