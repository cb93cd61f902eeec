package org.screening.launcher.bench;

import java.util.ArrayList;
import java.util.List;
import org.screening.broker.EmbeddedKafka;
import org.screening.launcher.bench.compute.Machine;

/** The transport's own limit: frame-sized messages through the embedded broker, no inference. */
public final class KafkaBench {

  private final int partitions;
  private final double seconds;

  public KafkaBench(int partitions, double seconds) {
    if (partitions < 1 || !(seconds > 0)) {
      throw new IllegalArgumentException("Need partitions >= 1 and seconds > 0, got "
          + partitions + " and " + seconds);
    }
    this.partitions = partitions;
    this.seconds = seconds;
  }

  public KafkaBenchReport run(List<TransportPayload> payloads) throws InterruptedException {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      List<TransportResult> results = new ArrayList<>();
      for (TransportPayload payload : payloads) {
        results.add(measure(kafka, payload));
      }
      return new KafkaBenchReport(results, partitions, seconds, Machine.current());
    }
  }

  /** Flat out first, then paced at half the rate that reached the consumer. */
  public TransportResult measure(EmbeddedKafka kafka, TransportPayload payload)
      throws InterruptedException {
    TransportRun.Outcome saturated = TransportRun.run(kafka, partitions, payload, 0, seconds);
    double paced = saturated.messagesPerS() / 2;
    TransportRun.Outcome calm = TransportRun.run(kafka, partitions, payload, paced, seconds);
    return new TransportResult(payload.name(), (int) Math.round(payload.meanBytes()),
        saturated.messages(), saturated.messagesPerS(), saturated.mbPerS(), paced,
        LatencySummary.of(calm.latencyMs()));
  }
}
