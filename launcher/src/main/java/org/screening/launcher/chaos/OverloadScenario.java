package org.screening.launcher.chaos;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.screening.gateway.config.ConfigKeys;
import org.screening.launcher.demo.DemoFeed;

/**
 * Sustained overload over HTTP. A saturation phase (more than the pipeline can take) measures
 * its capacity as results a second; then twice that is offered for the overload period: the
 * gateway's cluster-wide in-flight limits answer 429 (shed frames, never accepted, so neither
 * sent nor lost), its heap stays under its 512 MB cap (sampled from /metrics; the node runs
 * with -XX:+ExitOnOutOfMemoryError, so alive means no OOM), and when the offer drops to half
 * the capacity the results keep up with it again.
 */
final class OverloadScenario implements Scenario {

  /**
   * Offered during the saturation phase: above what two cores screen through HTTP (about 35
   * frames a second), not so far above that the load generator takes the cores itself.
   */
  static final double SATURATING_RATE = 120;

  @Override
  public String name() {
    return "overload";
  }

  @Override
  public String description() {
    return "2x the measured capacity over HTTP: 429s, bounded heap, throughput recovers";
  }

  @Override
  public ScenarioReport run(ChaosSettings settings, DemoFeed images, PrintStream out)
      throws Exception {
    try (ChaosRun run = ChaosRun.start(settings, images)) {
      List<URI> gateways = run.gateways(1, c -> c
          .with(ConfigKeys.LIMITS_IN_FLIGHT_PER_FEED, 8)
          .with(ConfigKeys.LIMITS_IN_FLIGHT_PER_TENANT, 32));
      URI gateway = gateways.get(0);
      run.workers(Map.of("worker-1", Map.of()));
      run.watch(gateways);
      HttpDoor door = run.httpDoor(gateways);
      HeapProbe heap = new HeapProbe(gateway);

      Duration phase = run.loadDuration();
      // Capacity: frames taken through (admitted, then answered) a second under saturation,
      // from the phase's start until the last of them has its result. Results lag admissions
      // by the pipeline's latency, which a short phase alone would not cover.
      long start = System.nanoTime();
      completedPerSecond(run, SATURATING_RATE, phase, door, heap);
      run.awaitSettled();
      double capacity = Math.max(1, run.ledger.completed() / ((System.nanoTime() - start) / 1e9));
      long shedBefore = run.ledger.shedCount();
      completedPerSecond(run, 2 * capacity, Duration.ofSeconds(settings.overloadSeconds()), door,
          heap);
      long shedInOverload = run.ledger.shedCount() - shedBefore;
      run.ledger.fault();
      double recovered = completedPerSecond(run, capacity / 2, phase, door, heap);
      door.close();
      run.awaitSettled();
      ChildProcess node = run.cluster.gateway(0);
      return run.report(name(), Map.of(
          "capacity_per_s", round(capacity),
          "overload_offered_per_s", round(2 * capacity),
          "overload_seconds", settings.overloadSeconds(),
          "shed_429_in_overload", shedInOverload,
          "max_heap_mb", heap.maxMegabytes(),
          "gateway_alive", node.alive() && !node.printed("OutOfMemoryError"),
          "after_offered_per_s", round(capacity / 2),
          "after_results_per_s", round(recovered)), out);
    }
  }

  /**
   * Offers {@code rate} for {@code duration}, sampling the heap every second, and returns the
   * results a second that reached clients over the second half (the first is ramp-up).
   */
  private static double completedPerSecond(ChaosRun run, double rate, Duration duration,
      HttpDoor door, HeapProbe heap) throws InterruptedException {
    Thread load = run.load.start(rate, duration, door::send);
    long halfway = System.nanoTime() + duration.toNanos() / 2;
    long completedAtHalf = -1;
    long halfStart = 0;
    while (load.isAlive()) {
      heap.sample();
      if (completedAtHalf < 0 && System.nanoTime() >= halfway) {
        completedAtHalf = run.ledger.completed();
        halfStart = System.nanoTime();
      }
      load.join(1000);
    }
    if (completedAtHalf < 0) {
      return 0;
    }
    return (run.ledger.completed() - completedAtHalf) / ((System.nanoTime() - halfStart) / 1e9);
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
