package org.screening.launcher.chaos;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.screening.launcher.demo.DemoFeed;

/**
 * The broker process is killed under load (SIGKILL: a crash, no clean shutdown, so it recovers
 * its logs on start) or, in the graceful variant, stopped with SIGTERM, and started again, on
 * the same port and data, a few seconds later. Producers (the load's and the workers') hold their
 * records and retry; the worker's uncommitted frames are redelivered and the gateway drops the
 * repeated results. The fault lands while frames are in flight. On the failed component are those
 * and the frames sent while the broker was away, until it was started again: each still needed
 * the broker for its result.
 */
final class BrokerRestartScenario implements Scenario {

  static final Duration DOWN = Duration.ofSeconds(4);

  private final boolean graceful;

  /** {@code graceful}: SIGTERM (the broker shuts down cleanly); otherwise SIGKILL. */
  BrokerRestartScenario(boolean graceful) {
    this.graceful = graceful;
  }

  @Override
  public String name() {
    return graceful ? "broker-graceful-restart" : "broker-restart";
  }

  @Override
  public String description() {
    return graceful ? "the broker is stopped (SIGTERM) under load and restarted on its data"
        : "the broker is SIGKILLed under load and restarted on the same port and data";
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
      run.awaitFramesInFlight();
      ChildProcess first = run.cluster.broker();
      run.ledger.fault();
      long stopping = System.nanoTime();
      if (graceful) {
        first.stop(Duration.ofSeconds(30));
      } else {
        first.kill();
      }
      double stopSeconds = (System.nanoTime() - stopping) / 1e9;
      Thread.sleep(DOWN.toMillis());
      long restarting = System.nanoTime();
      run.cluster.startBroker();
      double restartSeconds = (System.nanoTime() - restarting) / 1e9;
      load.join();
      run.awaitSettled();
      // Frames sent while the broker was away are acknowledged, and so known, only after it is back.
      run.ledger.onFailedComponent(placement -> true, restarting);
      return run.report(name(), Map.of(
          "signal", graceful ? "SIGTERM" : "SIGKILL",
          "first_broker_exit_status", first.exitStatus(),
          "broker_stop_s", round(stopSeconds),
          "broker_down_s", DOWN.toSeconds(),
          "broker_restart_s", round(restartSeconds),
          "broker_back", run.cluster.broker().alive(),
          "workers_alive", workers.stream().allMatch(ChildProcess::alive)), out);
    }
  }

  private static double round(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }
}
