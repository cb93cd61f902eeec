package org.screening.launcher.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.screening.launcher.bench.PipelineProbe.Sample;
import org.screening.launcher.bench.compute.Machine;

/**
 * A LIVE feed at a fixed frame rate through broker, worker and gateway: every frame sent is
 * answered, reported dropped by the worker, or missing (neither, once the run has waited for it).
 * Latencies are of answered frames, send to SSE event at the client. {@code whereTheTimeWent}
 * splits them: to_worker (the frame's hop and its wait until the worker polls it, plus building
 * the result: the worker's end to end less its queue and compute), queue (poll to batch start,
 * decode excluded), decode, compute (the batch's session run), publish (result handed to the
 * producer to landing on the results topic; wall clock against this process's clock, so
 * millisecond-grained) and delivery (results topic to SSE event, through the gateway). {@code
 * meanBatch} is the mean batch of answered frames.
 */
public record LiveReport(String model, int side, double fps, double seconds, long sent,
    long answered, long dropped, long missing, double answeredFraction, double meanBatch,
    double p50Ms,
    double p99Ms, double maxMs, Map<String, LatencySummary> whereTheTimeWent,
    boolean answeredTargetMet, boolean p99TargetMet, Machine machine) {

  static final double ANSWERED_TARGET = 0.95;
  static final double P99_TARGET_MS = 100;

  public LiveReport {
    // In the order the time is spent.
    whereTheTimeWent = Collections.unmodifiableMap(new LinkedHashMap<>(whereTheTimeWent));
  }

  static LiveReport of(String model, int side, double fps, double seconds, long sent,
      List<Sample> completed, Machine machine) {
    List<Sample> answered = completed.stream().filter(s -> !s.dropped()).toList();
    long dropped = completed.size() - answered.size();
    double fraction = sent == 0 ? 0 : (double) answered.size() / sent;
    Map<String, LatencySummary> stages = new LinkedHashMap<>();
    LatencySummary e2e = null;
    if (!answered.isEmpty()) {
      e2e = summary(answered, Sample::e2eMs);
      stages.put("to_worker", summary(answered, s -> s.workerEndToEndMs() - s.workerMs()));
      stages.put("queue", summary(answered, s -> s.queueMs() - s.decodeMs()));
      stages.put("decode", summary(answered, Sample::decodeMs));
      stages.put("compute", summary(answered, Sample::inferenceMs));
      stages.put("publish", summary(answered, s -> s.resultTopicMs() - s.workerEndToEndMs()));
      stages.put("delivery", summary(answered, Sample::fanOutMs));
    }
    double p99 = e2e == null ? Double.NaN : e2e.p99Ms();
    return new LiveReport(model, side, fps, seconds, sent, answered.size(), dropped,
        sent - completed.size(), fraction,
        answered.stream().mapToInt(Sample::batchSize).average().orElse(Double.NaN),
        e2e == null ? Double.NaN : e2e.p50Ms(), p99,
        e2e == null ? Double.NaN : e2e.maxMs(), stages, fraction >= ANSWERED_TARGET,
        p99 <= P99_TARGET_MS, machine);
  }

  private static LatencySummary summary(List<Sample> samples, ToDoubleFunction<Sample> stage) {
    return LatencySummary.of(samples.stream().mapToDouble(stage).toArray());
  }

  public String table() {
    StringBuilder out = new StringBuilder(String.format("Live bench: %s, %dx%d raw frames at "
        + "%.0f frames/s for %.0f s; broker, worker and gateway in one process; %d cores (%s)%n",
        model, side, side, fps, seconds, machine.cores(), machine.cpu()));
    out.append(String.format("sent %d: answered %d (%.1f%%, target >= %.0f%%: %s), reported "
        + "dropped %d, missing %d%n", sent, answered, 100 * answeredFraction,
        100 * ANSWERED_TARGET, answeredTargetMet ? "met" : "missed", dropped, missing));
    out.append(String.format("send to SSE event: p50 %.1f ms, p99 %.1f ms (target <= %.0f ms: "
        + "%s), max %.1f ms%n", p50Ms, p99Ms, P99_TARGET_MS, p99TargetMet ? "met" : "missed",
        maxMs));
    out.append(String.format("mean batch of answered frames %.1f%n", meanBatch));
    out.append(String.format("%9s | %8s %8s %8s%n", "stage", "p50", "p99", "max"));
    whereTheTimeWent.forEach((stage, t) -> out.append(String.format("%9s | %8.2f %8.2f %8.2f%n",
        stage, t.p50Ms(), t.p99Ms(), t.maxMs())));
    return out.toString();
  }
}
