package org.screening.launcher.chaos;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.screening.launcher.demo.DemoFeed;

/**
 * The broker process is stopped under load and started again, on the same port and data, a few
 * seconds later. Producers (the load's and the workers') hold their records and retry; the
 * worker's uncommitted frames are redelivered and the gateway drops the repeated results.
 */
final class BrokerRestartScenario implements Scenario {

  static final Duration DOWN = Duration.ofSeconds(4);

  @Override
  public String name() {
    return "broker-restart";
  }

  @Override
  public String description() {
    return "the broker is stopped under load and restarted on the same port and data";
  }

  @Override
  public ScenarioReport run(ChaosSettings settings, DemoFeed images, PrintStream out)
      throws Exception {
    try (ChaosRun run = ChaosRun.start(settings, images)) {
      List<URI> gateways = run.gateways(1, UnaryOperator.identity());
      List<ChildProcess> workers = run.workers(Map.of("worker-1", Map.of()));
      run.watch(gateways);
      KafkaDoor door = run.kafkaDoor();
      Thread load = run.load.start(settings.rate(), run.loadDuration(), door::send);
      Thread.sleep(run.loadDuration().toMillis() / 3);
      ChildProcess first = run.cluster.broker();
      run.ledger.fault();
      long stopping = System.nanoTime();
      first.stop(Duration.ofSeconds(30));
      double stopSeconds = (System.nanoTime() - stopping) / 1e9;
      Thread.sleep(DOWN.toMillis());
      run.cluster.startBroker();
      load.join();
      run.awaitSettled();
      return run.report(name(), Map.of(
          "broker_stop_s", Math.round(stopSeconds * 10) / 10.0,
          "broker_down_s", DOWN.toSeconds(),
          "first_broker_exited", !first.alive(),
          "broker_back", run.cluster.broker().alive(),
          "workers_alive", workers.stream().allMatch(ChildProcess::alive)), out);
    }
  }
}
