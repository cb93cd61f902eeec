package org.screening.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.screening.launcher.chaos.ChaosSettings;
import org.screening.launcher.chaos.ScenarioReport;
import org.screening.launcher.chaos.Scenarios;

/**
 * Every chaos scenario in its quick form: real broker, gateway and worker processes started
 * from the packaged jar, a few seconds of load around each fault (the soak: two minutes). Each
 * test checks that the scenario passed (no frame lost or handed to a client twice, no upload
 * unanswered, no dead letter, its own checks held) and that the fault really happened.
 */
class ChaosIT {

  private static ChaosSettings settings;

  @BeforeAll
  static void settings() {
    // As the chaos command does: the run's own Kafka clients warn at every retry while the
    // broker is away, which is the point of the broker scenarios.
    System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    settings = ChaosSettings.quick(Path.of(System.getProperty("screening.home", "..")));
  }

  private static ScenarioReport run(String scenario) throws Exception {
    ScenarioReport report = Scenarios.run(scenario, settings, System.out);
    assertTrue(report.sent() > 0, "frames were sent: " + report.line());
    assertTrue(report.passed(), report.line());
    assertEquals(report.sent(), report.results(), report.line());
    return report;
  }

  @Test
  void workerKilledMidBatchLosesNoFrame() throws Exception {
    ScenarioReport report = run("worker-kill");
    assertEquals(137, report.fault().get("killed_exit_status"), "SIGKILL: " + report.line());
    assertTrue((int) report.fault().get("killed_in_flight") > 0, report.line());
    assertEquals(4, report.fault().get("survivor_partitions"), report.line());
    assertTrue((long) report.fault().get("redelivered_by_survivor") > 0,
        "frames the killed worker held came back through the survivor: " + report.line());
    // Those waited for the group to notice the death (a 3 s session timeout): recovery saw it.
    assertTrue(report.recoverySeconds() >= 2, report.line());
  }

  @Test
  void brokerKilledUnderLoadLosesNoFrame() throws Exception {
    ScenarioReport report = run("broker-restart");
    assertEquals(137, report.fault().get("first_broker_exit_status"), "SIGKILL: " + report.line());
    assertEquals(true, report.fault().get("broker_back"), report.line());
    assertTrue(report.recoveryFrames() > 0 && report.recoverySeconds() > 0, report.line());
  }

  @Test
  void brokerStoppedGracefullyUnderLoadLosesNoFrame() throws Exception {
    ScenarioReport report = run("broker-graceful-restart");
    assertEquals("SIGTERM", report.fault().get("signal"), report.line());
    assertTrue((int) report.fault().get("first_broker_exit_status") >= 0, report.line());
    assertEquals(true, report.fault().get("broker_back"), report.line());
  }

  @Test
  void clientsOfAKilledGatewayResumeOnAnotherWithoutGapOrRepeat() throws Exception {
    ScenarioReport report = run("gateway-kill");
    assertEquals(137, report.fault().get("killed_exit_status"), report.line());
    assertTrue((int) report.fault().get("reconnects") >= (int) report.fault().get("clients"),
        "every client reconnected: " + report.line());
    assertEquals(0L, report.fault().get("uploads_refused"),
        "uploads the dead node never took went to the survivor: " + report.line());
  }

  @Test
  void gatewayFrozenPastFailureDetectionSplitsAndMergesWithoutLossOrLeak() throws Exception {
    ScenarioReport report = run("gateway-freeze");
    assertEquals((long) 6, report.fault().get("streams_counted_before"),
        "the cluster's counters were readable before the fault: " + report.line());
    assertTrue((double) report.fault().get("split_detected_s") > 0, report.line());
    assertEquals(2, report.fault().get("cluster_members"), "merged: " + report.line());
    assertEquals(true, report.fault().get("both_alive"), report.line());
    assertTrue(report.recoveryFrames() > 0, report.line());
  }

  @Test
  void slowWorkerPausesItsPartitionsWithoutRebalanceOrLoss() throws Exception {
    ScenarioReport report = run("slow-worker");
    assertTrue((long) report.fault().get("pauses") > 0, "partitions paused: " + report.line());
    assertEquals(0L, report.fault().get("rebalances"), report.line());
  }

  @Test
  void workerJoiningAndLeavingUnderLoadLosesNoFrame() throws Exception {
    ScenarioReport report = run("rebalance");
    assertEquals(4, report.fault().get("remaining_partitions"), report.line());
    assertTrue((long) report.fault().get("remaining_rebalances") >= 2, report.line());
    assertTrue(report.recoveryFrames() > 0, report.line());
  }

  @Test
  void overloadIsShedWith429AndTheGatewaySurvivesWithBoundedHeap() throws Exception {
    ScenarioReport report = run("overload");
    assertTrue((long) report.fault().get("shed_429_in_overload") > 0, report.line());
    Map<?, ?> answers = (Map<?, ?>) report.fault().get("upload_attempts");
    assertTrue(answers.containsKey("429") && !answers.containsKey("429-without-retry-after"),
        "429s said when to come back: " + report.line());
    assertEquals(true, report.fault().get("gateway_alive"), report.line());
    assertTrue((long) report.fault().get("max_heap_mb") < 512, report.line());
    double offered = (double) report.fault().get("after_offered_per_s");
    assertTrue((double) report.fault().get("after_results_per_s") >= 0.7 * offered,
        "throughput recovered: " + report.line());
  }

  @Test
  void soakAtSeventyPercentOfCapacityGrowsNothingWithoutBound() throws Exception {
    ScenarioReport report = run("soak");
    assertTrue((int) report.fault().get("samples") >= 20, report.line());
    Map<?, ?> slopes = (Map<?, ?>) report.fault().get("slopes");
    assertTrue(slopes.keySet().containsAll(List.of("broker", "gateway-1", "worker-1")),
        "every process sampled: " + report.line());
  }
}
