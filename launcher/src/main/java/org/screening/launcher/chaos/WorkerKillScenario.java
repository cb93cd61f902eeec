package org.screening.launcher.chaos;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.screening.launcher.demo.DemoFeed;
import org.screening.workers.config.WorkerConfig;

/**
 * Two workers share the partitions; one is SIGKILLed while it holds frames in a running batch.
 * Nothing it had consumed was committed past an unacknowledged result, so once the group
 * notices (the session timeout) the survivor takes its partitions from the last commit.
 * Frames go in over Kafka: the fault is behind the broker, and the gateway only fans out. The
 * frames on the failed component are those on the killed worker's partitions at or past their
 * committed offsets when it died; {@code redelivered_by_survivor} counts those whose result
 * came from the survivor (their {@code worker_id}), the proof that they were redelivered.
 */
final class WorkerKillScenario implements Scenario {

  /** Every batch then takes at least this long, so a kill lands inside one. */
  static final long BATCH_MS = 100;

  @Override
  public String name() {
    return "worker-kill";
  }

  @Override
  public String description() {
    return "a worker is SIGKILLed mid-batch; the other takes over its partitions";
  }

  @Override
  public ScenarioReport run(ChaosSettings settings, DemoFeed images, PrintStream out)
      throws Exception {
    try (ChaosRun run = ChaosRun.start(settings, images)) {
      List<URI> gateways = run.gateways(1, UnaryOperator.identity());
      Map<String, Object> slowish = Map.of(WorkerConfig.FAULT_INFERENCE_DELAY_MS, BATCH_MS);
      List<ChildProcess> workers = run.workers(Map.of("worker-1", slowish, "worker-2", slowish));
      run.watch(gateways);
      KafkaDoor door = run.kafkaDoor();
      Thread load = run.load.start(settings.rate(), run.loadDuration(), door::send);
      Thread.sleep(run.loadDuration().toMillis() / 3);
      ChildProcess victim = ChaosRun.awaitWorker(workers, s -> s.inFlight() > 0,
          Duration.ofSeconds(20), "a worker with frames in flight");
      int inFlight = WorkerStatus.of(victim).inFlight();
      Set<Integer> partitions = run.faultOnWorker(victim, victim::kill);
      List<ChildProcess> survivors = new ArrayList<>(workers);
      survivors.remove(victim);
      ChildProcess survivor = survivors.get(0);
      load.join();
      run.awaitSettled();
      WorkerStatus status = WorkerStatus.of(survivor);
      return run.report(name(), Map.of(
          "killed_exit_status", victim.exitStatus(),
          "killed_in_flight", inFlight,
          "killed_partitions", partitions.size(),
          "redelivered_by_survivor", run.ledger.failedComponentFramesServedBy(survivor.name()),
          "survivor_partitions", status.assigned(),
          "survivor_rebalances", status.rebalances()), out);
    }
  }
}
