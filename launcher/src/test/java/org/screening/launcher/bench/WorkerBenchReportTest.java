package org.screening.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.screening.launcher.bench.PipelineProbe.Sample;
import org.screening.launcher.bench.compute.BatchThroughput;
import org.screening.launcher.bench.compute.Machine;
import org.screening.launcher.bench.compute.ReportFormatter;

class WorkerBenchReportTest {

  private static final Machine MACHINE = new Machine(2, "test cpu", "test jvm", "2.18.0");

  private static final BatchThroughput BARE_AT_8 = new BatchThroughput(8, 400, 20, 50);
  private static final BatchThroughput BARE_AT_1 = new BatchThroughput(1, 100, 10, 50);

  @Test
  void efficiencyIsTheMedianDrainedRateOverTheBareSessionAtTheWorkersBatch() {
    WorkerBenchReport report = report(new double[] {300, 380, 360}, new double[] {200, 100, 320});

    assertEquals(360.0 / 400, report.workerEfficiencyRaw(), 1e-12);
    assertEquals(200.0 / 400, report.workerEfficiencyPng(), 1e-12);
    assertEquals(3, report.efficiencyRawRounds().rounds());
    // Quartiles of 0.75, 0.9, 0.95 interpolate to 0.825 and 0.925.
    assertEquals(0.1, report.efficiencyRawRounds().iqr(), 1e-12);
  }

  @Test
  void boundOnTheWorkersP99IsTwiceTheQueueDelayPlusOneBareBatch() {
    WorkerBenchReport report = report(new double[] {300}, new double[] {200});

    assertEquals(2 * (2.0 + 20.0), report.workerP99BoundMs(), 1e-12);
    assertEquals(7.0, report.workerP99MsAt70pct(), 1e-12);
  }

  @Test
  void jsonLineCarriesBothEfficienciesByTheirIssueNames() {
    String json = ReportFormatter.json(report(new double[] {300}, new double[] {200}));

    assertTrue(json.contains("\"worker_efficiency_raw\":0.75"), json);
    assertTrue(json.contains("\"worker_efficiency_png\":0.5"), json);
    assertTrue(json.contains("\"pinning\":\"unpinned: taskset is not available\""), json);
  }

  @Test
  void drainedRateCountsIntervalsBetweenTheFirstAndLastResult() {
    List<Sample> samples = List.of(landed(2_000_000_000L, 100, 2), landed(1_000_000_000L, 100, 2),
        landed(1_500_000_000L, 300, 1));

    // Three results over one second are two intervals: 2 frames/s, not 3.
    assertEquals(2.0, WorkerBench.Drain.of(samples).framesPerS(), 1e-12);
  }

  @Test
  void sessionShareCountsEachBatchsInferenceOnceOverItsFrames() {
    // Two frames of one 100 ms batch and one of a 300 ms batch: 400 ms of one second.
    List<Sample> samples = List.of(landed(2_000_000_000L, 100, 2), landed(1_000_000_000L, 100, 2),
        landed(1_500_000_000L, 300, 1));

    assertEquals(0.4, WorkerBench.Drain.of(samples).sessionShare(), 1e-12);
    assertEquals(5.0 / 3, WorkerBench.Drain.of(samples).meanBatch(), 1e-12);
  }

  private static Sample landed(long nanos, double inferenceMs, int batch) {
    return new Sample(0, 0, 0, inferenceMs, 0, 0, nanos, false, batch, 0);
  }

  private static List<WorkerBench.Drain> drains(double[] rates) {
    return Arrays.stream(rates).mapToObj(r -> new WorkerBench.Drain(r, 0.5, 8))
        .toList();
  }

  private static WorkerBenchReport report(double[] raw, double[] png) {
    Rounds seven = new Rounds(7, 0, 1);
    TransportResult hop = new TransportResult("raw28", 2400, 1000, 500, 1.2, 250,
        LatencySummary.of(new double[] {1, 2}));
    return WorkerBenchReport.of("medic-cls", "unpinned: taskset is not available", 8, BARE_AT_8,
        BARE_AT_1, 1000, drains(raw), drains(png), List.of(hop), 2.0,
        List.of(new WorkerLoad(0.7, 210, 1000, seven, seven, seven, seven)),
        MACHINE);
  }
}
