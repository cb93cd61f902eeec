package org.screening.launcher.bench;

import java.util.List;
import org.screening.launcher.bench.compute.BatchThroughput;
import org.screening.launcher.bench.compute.Machine;

/**
 * The whole path against its parts, measured in one run: saturated frames/s of the pipeline, of
 * the bare session at the worker's batch size, and of the transport; then latency under open-loop
 * load. {@code batchComputeMs} is the bare session's time for one batch of the worker's size.
 * The worker's CPU outside {@code Session.run} at saturation is a range, as {@link WorkerCpu}
 * explains.
 */
public record PipelineReport(String model, int workerBatch, int inFlight,
    double saturationPerS, BatchThroughput bareAtWorkerBatch, BatchThroughput bareAtBatch1,
    TransportResult kafka, double e2eVsBareRatio, double batchingGain, double e2eVsKafkaRatio,
    double maxQueueDelayMs, double batchComputeMs, double p99MsAt70pct,
    double workerCpuOutsideSessionRunLow, double workerCpuOutsideSessionRunHigh,
    List<LoadLevel> levels,
    double heapUsedMb, double rssMb, Machine machine) {

  public PipelineReport {
    levels = List.copyOf(levels);
  }

  public String table() {
    StringBuilder out = new StringBuilder(String.format("Pipeline bench: %s, worker batch %d, "
        + "%d frames in flight at saturation, %d cores (%s)%n", model, workerBatch, inFlight,
        machine.cores(), machine.cpu(), machine.jvm()));
    out.append(String.format("saturation %.1f frames/s = %.2fx bare session at batch %d "
        + "(%.1f images/s, %.2f ms a batch) = %.3fx Kafka alone (%.0f msgs/s)%n", saturationPerS,
        e2eVsBareRatio, workerBatch, bareAtWorkerBatch.imagesPerS(), batchComputeMs,
        e2eVsKafkaRatio, kafka.messagesPerS()));
    out.append(String.format("worker CPU outside Session.run at saturation: %.0f%% to %.0f%% "
        + "(inference threads counted inside / they and the threads shared with gateway and load generator counted outside)%n",
        100 * workerCpuOutsideSessionRunLow, 100 * workerCpuOutsideSessionRunHigh));
    out.append(String.format("%5s | %8s | %8s | %7s %7s %7s %8s | %7s %7s %7s %7s %7s%n", "load",
        "offered", "done/s", "p50", "p95", "p99", "max", "queue", "decode", "infer", "produce",
        "fan-out"));
    for (LoadLevel l : levels) {
      LatencySummary t = l.latency();
      StageSplit s = l.stages();
      out.append(String.format("%4.0f%% | %8.1f | %8.1f | %7.1f %7.1f %7.1f %8.1f | %7.2f %7.2f "
          + "%7.2f %7.2f %7.2f%n", 100 * l.fractionOfSaturation(), l.offeredPerS(),
          l.completedPerS(), t.p50Ms(), t.p95Ms(), t.p99Ms(), t.maxMs(), s.queueMs(),
          s.decodeMs(), s.inferenceMs(), s.produceMs(), s.fanOutMs()));
    }
    out.append(String.format("ms end to end (send to SSE event at the client); stages are "
        + "medians; heap %.0f MB, RSS %.0f MB%n", heapUsedMb, rssMb));
    return out.toString();
  }
}
