package org.screening.launcher.chaos;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.screening.launcher.demo.DemoFeed;
import org.screening.workers.config.WorkerConfig;

/**
 * One worker whose inference is slowed ({@code faults.inferenceDelayMs}) to below the offered
 * rate, with a small queue: its in-memory frames pass the high-water mark, it pauses its
 * partitions and keeps polling, so it stays in the group (no rebalance) and nothing is dropped;
 * the backlog waits in Kafka and is worked off after the load.
 */
final class SlowWorkerScenario implements Scenario {

  /** With batches of at most 4, about 16 frames a second: below the offered rate. */
  static final long DELAY_MS = 250;

  @Override
  public String name() {
    return "slow-worker";
  }

  @Override
  public String description() {
    return "a worker's inference is delayed until its queue fills: partitions pause, no rebalance";
  }

  @Override
  public ScenarioReport run(ChaosSettings settings, DemoFeed images, PrintStream out)
      throws Exception {
    try (ChaosRun run = ChaosRun.start(settings, images)) {
      List<URI> gateways = run.gateways(1, UnaryOperator.identity());
      ChildProcess worker = run.workers(Map.of("worker-1", Map.of(
          WorkerConfig.FAULT_INFERENCE_DELAY_MS, DELAY_MS,
          WorkerConfig.modelKey("medic-cls", WorkerConfig.MODEL_MAX_BATCH_SIZE), 4,
          WorkerConfig.QUEUE_HIGH_WATER, 12,
          WorkerConfig.QUEUE_LOW_WATER, 4,
          WorkerConfig.QUEUE_MAX_SIZE, 32,
          WorkerConfig.KAFKA_CONSUMER_PREFIX + "max.poll.records", 4))).get(0);
      long rebalancesBefore = WorkerStatus.of(worker).rebalances();
      run.watch(gateways);
      KafkaDoor door = run.kafkaDoor();
      Thread load = run.load.start(settings.rate(), run.loadDuration(), door::send);
      ChaosRun.awaitWorker(List.of(worker), s -> s.paused() > 0, run.loadDuration(),
          "the slow worker to pause its partitions");
      run.ledger.fault();
      load.join();
      run.awaitSettled();
      WorkerStatus status = WorkerStatus.of(worker);
      return run.report(name(), Map.of(
          "inference_delay_ms", DELAY_MS,
          "pauses", status.pauses(),
          "rebalances", status.rebalances() - rebalancesBefore,
          "worker_alive", worker.alive()), out);
    }
  }
}
