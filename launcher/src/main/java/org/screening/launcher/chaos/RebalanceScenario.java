package org.screening.launcher.chaos;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.screening.launcher.demo.DemoFeed;

/**
 * Under load, a second worker joins the group (partitions move to it), then the first leaves
 * with SIGTERM (it stops taking frames, finishes and commits what it holds, and leaves): two
 * rebalances, and the frames in flight across them each reach their client once. The frames on
 * the failed component are those on the leaving worker's partitions past their committed
 * offsets when it was told to stop; {@code moved_to_remaining} counts those the other finished.
 */
final class RebalanceScenario implements Scenario {

  @Override
  public String name() {
    return "rebalance";
  }

  @Override
  public String description() {
    return "a worker joins and another leaves during load (two consumer-group rebalances)";
  }

  @Override
  public ScenarioReport run(ChaosSettings settings, DemoFeed images, PrintStream out)
      throws Exception {
    try (ChaosRun run = ChaosRun.start(settings, images)) {
      List<URI> gateways = run.gateways(1, UnaryOperator.identity());
      ChildProcess first = run.workers(Map.of("worker-1", Map.of())).get(0);
      run.watch(gateways);
      KafkaDoor door = run.kafkaDoor();
      // Runs until stopped: the joining worker's start-up time is not ours to choose.
      Thread load = run.load.start(settings.rate(), Duration.ofHours(1), door::send);
      Thread.sleep(run.loadDuration().toMillis() / 3);
      ChildProcess second = run.cluster.startWorker("worker-2", Map.of());
      run.cluster.awaitReady(second);
      ChaosRun.awaitWorker(List.of(second), s -> s.assigned() > 0, ChaosCluster.START_TIMEOUT,
          "the joining worker to get partitions");
      Thread.sleep(run.loadDuration().toMillis() / 3);
      Set<Integer> partitions = run.faultOnWorker(first, () -> first.stop(Duration.ofSeconds(60)));
      ChaosRun.awaitWorker(List.of(second), s -> s.assigned() == ChaosRun.PARTITIONS,
          Duration.ofSeconds(30), "the remaining worker to own every partition");
      Thread.sleep(run.loadDuration().toMillis() / 3);
      load.interrupt();
      load.join();
      run.awaitSettled();
      WorkerStatus remaining = WorkerStatus.of(second);
      return run.report(name(), Map.of(
          "left_exit_status", first.exitStatus(),
          "left_partitions", partitions.size(),
          "moved_to_remaining", run.ledger.failedComponentFramesServedBy(second.name()),
          "remaining_partitions", remaining.assigned(),
          "remaining_rebalances", remaining.rebalances(),
          "longest_wait_s", run.ledger.longestWaitSeconds(),
          // How many frames a stall held up: eager rebalancing stops every partition.
          "frames_waited_over_1s", run.ledger.waitedLongerThan(Duration.ofSeconds(1))), out);
    }
  }
}
