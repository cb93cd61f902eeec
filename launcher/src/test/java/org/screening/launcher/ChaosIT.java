package org.screening.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.screening.launcher.chaos.ChaosSettings;
import org.screening.launcher.chaos.ScenarioReport;
import org.screening.launcher.chaos.Scenarios;

/**
 * Every chaos scenario in its quick form: real broker, gateway and worker processes started
 * from the packaged jar, a few seconds of load around each fault. Each test checks that no
 * frame was lost or handed to a client twice, and that the fault really happened.
 */
class ChaosIT {

  private static ChaosSettings settings;

  @BeforeAll
  static void settings() {
    settings = ChaosSettings.quick(Path.of(System.getProperty("screening.home", "..")));
  }

  private static ScenarioReport run(String scenario) throws Exception {
    ScenarioReport report = Scenarios.run(scenario, settings, System.out);
    assertTrue(report.sent() > 0, "frames were sent: " + report.line());
    assertEquals(0, report.lost(), report.line());
    assertEquals(0, report.duplicatesDelivered(), report.line());
    assertEquals(report.sent(), report.results() + report.deadLetters(), report.line());
    return report;
  }

  @Test
  void workerKilledMidBatchLosesNoFrame() throws Exception {
    ScenarioReport report = run("worker-kill");
    assertEquals(137, report.fault().get("killed_exit_status"), "SIGKILL: " + report.line());
    assertTrue((int) report.fault().get("killed_in_flight") > 0, report.line());
    assertEquals(4, report.fault().get("survivor_partitions"), report.line());
  }

  @Test
  void brokerRestartedUnderLoadLosesNoFrame() throws Exception {
    ScenarioReport report = run("broker-restart");
    assertEquals(true, report.fault().get("first_broker_exited"), report.line());
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
}
