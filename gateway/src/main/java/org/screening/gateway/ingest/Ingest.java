package org.screening.gateway.ingest;

import io.vertx.core.Future;
import io.vertx.core.shareddata.SharedData;
import java.util.function.Predicate;
import org.screening.gateway.admission.Admission;
import org.screening.gateway.admission.InFlightLedger;
import org.screening.gateway.metrics.GatewayMetrics;

/** Assembles frame submission from the node's parts. */
public final class Ingest {

  private Ingest() {}

  /** The cluster's memory of uploads sent under an {@code Idempotency-Key}. */
  public static Future<IdempotentUploads> idempotentUploads(SharedData shared, String memberId,
      Predicate<String> memberAlive) {
    return IdempotentUploads.create(shared, memberId, memberAlive);
  }

  public static FrameSubmissionHandler handler(IngestLimits limits, Admission admission,
      InFlightLedger ledger, SharedData shared, FrameRegistry registry, FrameProducer producer,
      IdempotentUploads uploads, GatewayMetrics metrics, String nodeId) {
    FrameSubmitter submitter = new FrameSubmitter(admission, ledger, new FeedSequences(shared),
        registry, producer, metrics, nodeId);
    return new FrameSubmissionHandler(limits, submitter, uploads);
  }
}
