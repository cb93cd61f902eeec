package org.screening.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.screening.launcher.bench.PipelineProbe.Sample;
import org.screening.launcher.bench.compute.Machine;
import org.screening.launcher.bench.compute.ReportFormatter;

class LiveReportTest {

  private static final Machine MACHINE = new Machine(2, "test cpu", "test jvm", "2.18.0");

  @Test
  void everyFrameSentIsAnsweredReportedDroppedOrCountedMissing() {
    LiveReport report = LiveReport.of("medic-seg", 256, 30, 1, 5,
        List.of(answered(40), answered(60), dropped()), MACHINE);

    assertEquals(2, report.answered());
    assertEquals(1.0, report.meanBatch(), 1e-12);
    assertEquals(1, report.dropped());
    assertEquals(2, report.missing());
    assertEquals(0.4, report.answeredFraction(), 1e-12);
    assertFalse(report.answeredTargetMet());
  }

  @Test
  void latenciesAreOfAnsweredFramesOnlyNotOfDroppedOnes() {
    LiveReport report = LiveReport.of("medic-seg", 256, 30, 1, 2,
        List.of(answered(40), dropped()), MACHINE);

    assertEquals(40, report.p99Ms(), 1e-12);
    assertEquals(40, report.maxMs(), 1e-12);
    assertTrue(report.p99TargetMet());
  }

  @Test
  void timeIsSplitWithoutCountingDecodeTwice() {
    // Sent to SSE 40 ms: the frame reached the worker's poll after 4 ms, its queue of 12 ms
    // includes its 2 ms decode, the batch ran 8 ms, the result went to the producer 24 ms after
    // the send, landed 30 ms after it and reached the client 10 ms later.
    LiveReport report = LiveReport.of("medic-seg", 256, 30, 1, 1, List.of(answered(40)),
        MACHINE);

    assertEquals(4, report.whereTheTimeWent().get("to_worker").p50Ms(), 1e-12);
    assertEquals(10, report.whereTheTimeWent().get("queue").p50Ms(), 1e-12);
    assertEquals(2, report.whereTheTimeWent().get("decode").p50Ms(), 1e-12);
    assertEquals(8, report.whereTheTimeWent().get("compute").p50Ms(), 1e-12);
    assertEquals(6, report.whereTheTimeWent().get("publish").p50Ms(), 1e-12);
    assertEquals(10, report.whereTheTimeWent().get("delivery").p50Ms(), 1e-12);
  }

  @Test
  void jsonLineCarriesTheIssuesFields() {
    String json = ReportFormatter.json(LiveReport.of("medic-seg", 256, 30, 1, 1,
        List.of(answered(40)), MACHINE));

    for (String field : List.of("sent", "answered", "dropped", "p50_ms", "p99_ms", "max_ms",
        "where_the_time_went")) {
      assertTrue(json.contains("\"" + field + "\":"), field + " in " + json);
    }
  }

  private static Sample answered(double e2eMs) {
    return new Sample(e2eMs, 12, 2, 8, 30, e2eMs - 30, 0, false, 1, 24);
  }

  private static Sample dropped() {
    return new Sample(500, 5, 2, 0, 6, 494, 0, true, 0, 5);
  }
}
