package org.screening.launcher.chaos;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.screening.gateway.config.ConfigKeys;
import org.screening.launcher.demo.DemoFeed;

/**
 * Sustained overload over HTTP. A closed loop (a new frame whenever one completes, as many in
 * flight as the gateway's tenant limit lets in, so none is refused) measures the
 * pipeline's capacity as frames completed a second at the clients, after a warm-up; then twice
 * that is offered open-loop for the overload period: the gateway's cluster-wide in-flight
 * limits answer 429 with Retry-After (shed frames, never accepted, so neither sent nor lost),
 * its heap stays under its 512 MB cap (sampled from /metrics; the node runs with
 * -XX:+ExitOnOutOfMemoryError, so alive means no OOM), and when the offer drops to half the
 * capacity the results keep up with it again.
 */
final class OverloadScenario implements Scenario {

  /**
   * The tenant's in-flight limit, which is what bounds the pipeline's throughput here (its
   * latency is mostly fixed: producer lingers, polls, batching), so it is also the number of
   * frames the calibration keeps in flight: fewer measure a capacity the gateway then exceeds
   * by admitting more. The client counts a frame in flight longer than the gateway does (from
   * before admission until its result reaches the client), so the calibration never gets a 429.
   */
  private static final int IN_FLIGHT_PER_TENANT = 32;
  /** Room for uneven feeds: 6 feeds share the 32 about 5 each. */
  private static final int IN_FLIGHT_PER_FEED = 12;

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
          .with(ConfigKeys.LIMITS_IN_FLIGHT_PER_FEED, IN_FLIGHT_PER_FEED)
          .with(ConfigKeys.LIMITS_IN_FLIGHT_PER_TENANT, IN_FLIGHT_PER_TENANT));
      URI gateway = gateways.get(0);
      run.workers(Map.of("worker-1", Map.of()));
      run.watch(gateways);
      HttpDoor door = run.httpDoor(gateways);
      try (HeapProbe heap = new HeapProbe(gateway)) {
        Duration window = run.loadDuration();
        Capacity measured = Capacity.measure(run, door, IN_FLIGHT_PER_TENANT,
            Duration.ofSeconds(settings.quick() ? 4 : 10), window);
        double capacity = measured.perSecond();

        long shedBefore = run.ledger.shedCount();
        long acceptedBefore = run.ledger.accepted();
        Duration overload = Duration.ofSeconds(settings.overloadSeconds());
        run.load.run(2 * capacity, overload, door::send);
        long shedInOverload = run.ledger.shedCount() - shedBefore;
        double admitted = (run.ledger.accepted() - acceptedBefore) / (overload.toNanos() / 1e9);

        run.ledger.fault();
        long shedBeforeAfter = run.ledger.shedCount();
        double recovered = completedPerSecond(run, capacity / 2, window, door);
        long shedAfter = run.ledger.shedCount() - shedBeforeAfter;
        door.close();
        run.awaitSettled();
        ChildProcess node = run.cluster.gateway(0);
        return run.report(name(), Map.ofEntries(
            Map.entry("capacity_per_s", round(capacity)),
            Map.entry("calibration_shed", measured.shed()),
            Map.entry("overload_offered_per_s", round(2 * capacity)),
            Map.entry("overload_admitted_per_s", round(admitted)),
            Map.entry("overload_seconds", settings.overloadSeconds()),
            Map.entry("shed_429_in_overload", shedInOverload),
            Map.entry("upload_attempts", door.answers()),
            Map.entry("max_heap_mb", heap.maxMegabytes()),
            Map.entry("gateway_alive", node.alive() && !node.printed("OutOfMemoryError")),
            Map.entry("after_offered_per_s", round(capacity / 2)),
            Map.entry("after_results_per_s", round(recovered)),
            Map.entry("after_shed", shedAfter)), out);
      }
    }
  }

  /**
   * Offers {@code rate} open-loop for {@code duration} and returns the results a second that
   * reached clients over its second half (the first drains what the overload left in flight).
   */
  private static double completedPerSecond(ChaosRun run, double rate, Duration duration,
      HttpDoor door) throws InterruptedException {
    Thread load = run.load.start(rate, duration, door::send);
    load.join(duration.toMillis() / 2);
    long completedAtHalf = run.ledger.completed();
    long halfStart = System.nanoTime();
    load.join();
    return (run.ledger.completed() - completedAtHalf) / ((System.nanoTime() - halfStart) / 1e9);
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
