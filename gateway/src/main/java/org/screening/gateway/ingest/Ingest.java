package org.screening.gateway.ingest;

import io.vertx.core.shareddata.SharedData;
import org.screening.gateway.admission.Admission;
import org.screening.gateway.admission.InFlightLedger;
import org.screening.gateway.metrics.GatewayMetrics;

/** Assembles frame submission from the node's parts. */
public final class Ingest {

  private Ingest() {}

  public static FrameSubmissionHandler handler(IngestLimits limits, Admission admission,
      InFlightLedger ledger, SharedData shared, FrameRegistry registry, FrameProducer producer,
      GatewayMetrics metrics, String nodeId) {
    FrameSubmitter submitter = new FrameSubmitter(admission, ledger, new FeedSequences(shared),
        registry, producer, metrics, nodeId);
    return new FrameSubmissionHandler(limits, submitter);
  }
}
