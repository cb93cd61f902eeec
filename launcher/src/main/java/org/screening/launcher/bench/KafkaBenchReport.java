package org.screening.launcher.bench;

import java.util.List;
import org.screening.launcher.bench.compute.Machine;

/** The transport bench: each payload's saturated rate and paced latency on the embedded broker. */
public record KafkaBenchReport(List<TransportResult> payloads, int partitions, double seconds,
    Machine machine) {

  public KafkaBenchReport {
    payloads = List.copyOf(payloads);
  }

  public String table() {
    StringBuilder out = new StringBuilder(String.format("Kafka transport bench: embedded KRaft "
        + "broker, %d partitions, %.0f s a phase, %d cores (%s), %s%n", partitions, seconds,
        machine.cores(), machine.cpu(), machine.jvm()));
    out.append(String.format("%-8s | %9s | %10s | %8s || %9s | %8s | %8s | %8s%n", "payload",
        "bytes", "msgs/s", "MB/s", "paced/s", "p50 ms", "p99 ms", "max ms"));
    for (TransportResult r : payloads) {
      out.append(String.format("%-8s | %9d | %10.0f | %8.1f || %9.0f | %8.2f | %8.2f | %8.2f%n",
          r.payload(), r.meanMessageBytes(), r.messagesPerS(), r.mbPerS(), r.pacedRatePerS(),
          r.latency().p50Ms(), r.latency().p99Ms(), r.latency().maxMs()));
    }
    out.append("left: flat out, end to end; right: produce-to-consume latency paced at half "
        + "that rate\n");
    return out.toString();
  }
}
