package org.screening.launcher.chaos;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.screening.gateway.config.ConfigKeys;
import org.screening.launcher.demo.DemoFeed;

/**
 * Steady load for a long time, with no fault but time: a closed loop measures the capacity over
 * HTTP, then 70% of it is offered open-loop for the soak ({@code --soak}: 15 minutes; otherwise
 * 2). Every process (broker, gateway, worker) is sampled at even intervals: heap after a full
 * collection, resident memory, threads, open files. The run fails if any of them grows without
 * bound by {@link Trend}'s rule; the report gives each least-squares slope per minute.
 */
final class SoakScenario implements Scenario {

  static final double LOAD_SHARE = 0.7;
  /** Frames in flight while measuring the capacity: well within the default limits. */
  private static final int CALIBRATION_IN_FLIGHT = 64;
  private static final int SAMPLES = 30;

  @Override
  public String name() {
    return "soak";
  }

  @Override
  public String description() {
    return "70% of the measured capacity for 2 minutes (15 with --soak): nothing may grow "
        + "without bound";
  }

  @Override
  public ScenarioReport run(ChaosSettings settings, DemoFeed images, PrintStream out)
      throws Exception {
    try (ChaosRun run = ChaosRun.start(settings, images)) {
      Duration soak = Duration.ofSeconds(settings.soakSeconds());
      // Every upload carries an Idempotency-Key, remembered for its time to live: at the default
      // (an hour) the map fills for the whole soak, growth by design that hides a leak. Half the
      // warm-up lets it reach its steady size before the trends are read (the JSON says so).
      int keyTtlSeconds = (int) Math.max(10, soak.toSeconds() * Trend.WARM_UP / 2);
      List<URI> gateways = run.gateways(1,
          c -> c.with(ConfigKeys.INGEST_IDEMPOTENCY_KEY_TTL_SECONDS, keyTtlSeconds));
      run.workers(Map.of("worker-1", Map.of()));
      run.watch(gateways);
      HttpDoor door = run.httpDoor(gateways);
      Capacity capacity = Capacity.measure(run, door, CALIBRATION_IN_FLIGHT,
          Duration.ofSeconds(settings.quick() ? 4 : 10), run.loadDuration());
      double rate = LOAD_SHARE * capacity.perSecond();
      List<String> failed = new ArrayList<>();
      Map<String, Object> trends = new LinkedHashMap<>();
      int samples;
      try (ProcessSampler sampler = new ProcessSampler()) {
        long start = System.nanoTime();
        Thread load = run.load.start(rate, soak, door::send);
        long interval = soak.toNanos() / SAMPLES;
        for (int i = 0; i <= SAMPLES && load.isAlive(); i++) {
          long due = start + i * interval;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000);
          }
          sampler.sample(run.cluster.running(), (System.nanoTime() - start) / 6e10);
        }
        load.join();
        failed.addAll(sampler.problems());
        sampler.trends().forEach((process, measures) -> {
          Map<String, Object> slopes = new LinkedHashMap<>();
          measures.forEach((measure, trend) -> {
            slopes.put(measure.key() + "_per_min", round(trend.slopePerMinute()));
            if (trend.growing()) {
              failed.add(String.format("%s %s grows %.2f a minute, from %.1f to %.1f "
                      + "(allowed rise %.1f)", process, measure.key(), trend.slopePerMinute(),
                  trend.first(), trend.last(), trend.tolerance()));
            }
          });
          trends.put(process, slopes);
        });
        samples = sampler.samples();
      }
      door.close();
      run.awaitSettled();
      return run.report(name(), Map.of(
          "soak_s", soak.toSeconds(),
          "capacity_per_s", round(capacity.perSecond()),
          "offered_per_s", round(rate),
          "samples", samples,
          "warm_up_share", Trend.WARM_UP,
          "slopes", trends), failed, out);
    }
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
