package org.screening.launcher.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.screening.launcher.bench.compute.BatchThroughput;
import org.screening.launcher.bench.compute.Machine;

/**
 * What the worker adds to the bare session, measured in one run with the worker on a core of its
 * own: drained frames/s of a backlog (raw frames at the model's input size, then PNG frames) over
 * the bare session's images/s at the worker's batch on the same core, with the share of each
 * drain the worker spent in {@code Session.run} and its mean batch; and the worker-added latency
 * under Poisson load next to one Kafka hop measured in the same run, before the drains and after
 * the loads. {@code workerP99BoundMs} is the bound, 2 x (max queue delay + one batch of
 * bare compute). {@code machine.cores} counts the cores this process may use once pinned.
 */
public record WorkerBenchReport(String model, String pinning, int workerBatch,
    BatchThroughput bareAtWorkerBatch, BatchThroughput bareAtBatch1, int framesPerDrain,
    Rounds drainedRawPerS, Rounds drainedPngPerS, double workerEfficiencyRaw,
    double workerEfficiencyPng, Rounds efficiencyRawRounds, Rounds efficiencyPngRounds,
    Rounds sessionShareRaw, Rounds sessionSharePng, Rounds meanBatchRaw, Rounds meanBatchPng,
    List<TransportResult> kafkaHop, double maxQueueDelayMs, double workerP99BoundMs,
    double workerP99MsAt70pct, List<WorkerLoad> loads, Machine machine) {

  public WorkerBenchReport {
    loads = List.copyOf(loads);
    kafkaHop = List.copyOf(kafkaHop);
  }

  /** Efficiency is the drained rate's median over the bare session at the worker's batch. */
  static WorkerBenchReport of(String model, String pinning, int workerBatch,
      BatchThroughput bareAtWorkerBatch, BatchThroughput bareAtBatch1, int framesPerDrain,
      List<WorkerBench.Drain> drainedRaw, List<WorkerBench.Drain> drainedPng,
      List<TransportResult> kafkaHop, double maxQueueDelayMs, List<WorkerLoad> loads,
      Machine machine) {
    double bare = bareAtWorkerBatch.imagesPerS();
    double[] rawRates = drainedRaw.stream().mapToDouble(WorkerBench.Drain::framesPerS).toArray();
    double[] pngRates = drainedPng.stream().mapToDouble(WorkerBench.Drain::framesPerS).toArray();
    Rounds raw = Rounds.of(rawRates);
    Rounds png = Rounds.of(pngRates);
    double p99At70 = loads.stream().filter(l -> l.fractionOfCapacity() == 0.7).findFirst()
        .map(l -> l.workerP99Ms().median()).orElse(Double.NaN);
    return new WorkerBenchReport(model, pinning, workerBatch, bareAtWorkerBatch, bareAtBatch1,
        framesPerDrain, raw, png, raw.median() / bare, png.median() / bare,
        Rounds.ratio(rawRates, bare), Rounds.ratio(pngRates, bare),
        rounds(drainedRaw, WorkerBench.Drain::sessionShare),
        rounds(drainedPng, WorkerBench.Drain::sessionShare),
        rounds(drainedRaw, WorkerBench.Drain::meanBatch),
        rounds(drainedPng, WorkerBench.Drain::meanBatch), kafkaHop, maxQueueDelayMs,
        2 * (maxQueueDelayMs + bareAtWorkerBatch.msPerBatch()), p99At70, loads, machine);
  }

  private static Rounds rounds(List<WorkerBench.Drain> drains,
      ToDoubleFunction<WorkerBench.Drain> figure) {
    return Rounds.of(drains.stream().mapToDouble(figure).toArray());
  }

  public String table() {
    StringBuilder out = new StringBuilder(String.format("Worker bench: %s, worker batch %d, %s; "
        + "%d cores (%s), %s%n", model, workerBatch, pinning, machine.cores(), machine.cpu(),
        machine.jvm()));
    out.append(String.format("bare session at batch %d: %.1f images/s (%.2f ms a batch); "
        + "at batch 1: %.1f images/s%n", workerBatch, bareAtWorkerBatch.imagesPerS(),
        bareAtWorkerBatch.msPerBatch(), bareAtBatch1.imagesPerS()));
    out.append(String.format("drained %d-frame backlogs: raw %.1f frames/s (IQR %.1f, %d rounds) "
        + "= efficiency %.2f; PNG %.1f frames/s (IQR %.1f, %d rounds) = efficiency %.2f%n",
        framesPerDrain, drainedRawPerS.median(), drainedRawPerS.iqr(), drainedRawPerS.rounds(),
        workerEfficiencyRaw, drainedPngPerS.median(), drainedPngPerS.iqr(),
        drainedPngPerS.rounds(), workerEfficiencyPng));
    out.append(String.format("share of the drain in Session.run: raw %.2f, PNG %.2f; mean batch: "
        + "raw %.1f, PNG %.1f%n", sessionShareRaw.median(), sessionSharePng.median(),
        meanBatchRaw.median(), meanBatchPng.median()));
    for (TransportResult hop : kafkaHop) {
      out.append(String.format("one Kafka hop alone (%s, paced at %.0f msgs/s): p50 %.2f ms, "
          + "p99 %.2f ms%n", hop.payload(), hop.pacedRatePerS(), hop.latency().p50Ms(),
          hop.latency().p99Ms()));
    }
    out.append(String.format("%5s | %8s | %6s | %15s %15s | %15s %15s%n", "load", "offered",
        "frames", "worker p50", "worker p99", "send-result p50", "send-result p99"));
    for (WorkerLoad l : loads) {
      out.append(String.format("%4.0f%% | %8.1f | %6d | %15s %15s | %15s %15s%n",
          100 * l.fractionOfCapacity(), l.offeredPerS(), l.frames(), ms(l.workerP50Ms()),
          ms(l.workerP99Ms()), ms(l.sendToResultP50Ms()), ms(l.sendToResultP99Ms())));
    }
    out.append(String.format("ms, median (IQR) over rounds of raw frames; worker = its poll to "
        + "the end of the frame's batch; bound on worker p99 at 70%%: %.2f ms%n",
        workerP99BoundMs));
    return out.toString();
  }

  private static String ms(Rounds r) {
    return String.format("%.2f (%.2f)", r.median(), r.iqr());
  }
}
