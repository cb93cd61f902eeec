package org.screening.launcher.chaos;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.screening.launcher.demo.DemoFeed;

/**
 * Two gateway nodes; half the clients stream from each, uploads go to both. The first node is
 * frozen with SIGSTOP (a long GC pause, a hung host: sockets stay open, nothing answers) until
 * the other has removed it from the Hazelcast cluster, then resumed with SIGCONT: a split, then
 * a merge. Uploads it holds time out and are resent to the other node with the same idempotency
 * key; its clients wait and then get what they missed. At the end the cluster must have
 * converged: two members, every in-flight counter (cluster-wide, per tenant and feed, and each
 * node's own gauge) back to 0, and the open-stream counter equal to the streams open. Hazelcast's
 * failure detection is shortened (a member silent for 5 s is removed, split clusters look for
 * each other every 5 s instead of after 5 minutes), which the report lists.
 */
final class GatewayFreezeScenario implements Scenario {

  static final Map<String, String> FAST_DETECTION = Map.of(
      "hazelcast.heartbeat.interval.seconds", "1",
      "hazelcast.max.no.heartbeat.seconds", "5",
      "hazelcast.merge.first.run.delay.seconds", "5",
      "hazelcast.merge.next.run.delay.seconds", "5",
      // Membership changes are what this scenario watches for: log them.
      "org.slf4j.simpleLogger.log.com.hazelcast.internal.cluster", "info");
  private static final Pattern ALONE = Pattern.compile("Members \\{size:1,");
  private static final Pattern TOGETHER = Pattern.compile("Members \\{size:2,");
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  @Override
  public String name() {
    return "gateway-freeze";
  }

  @Override
  public String description() {
    return "a gateway node is frozen (SIGSTOP) past failure detection, then resumed: split, merge";
  }

  @Override
  public ScenarioReport run(ChaosSettings settings, DemoFeed images, PrintStream out)
      throws Exception {
    try (ChaosRun run = ChaosRun.start(settings, images)) {
      List<URI> gateways = run.gateways(2, UnaryOperator.identity(), FAST_DETECTION);
      run.workers(Map.of("worker-1", Map.of()));
      run.watch(gateways, true);
      HttpDoor door = run.httpDoor(gateways);
      Thread load = run.load.start(settings.rate(), Duration.ofHours(1), door::send);
      Thread.sleep(run.loadDuration().toMillis() / 3);
      ChildProcess frozen = run.cluster.gateway(0);
      ChildProcess other = run.cluster.gateway(1);
      long streamsBefore;
      try (ClusterCounters cluster = new ClusterCounters(run.cluster.clusterMembers())) {
        streamsBefore = streams(cluster.counters());
      }
      int otherMark = other.lineCount();
      int frozenMark = frozen.lineCount();
      // The frozen node's clients are the ones left waiting: freeze while they are owed results.
      Set<String> stuck = ChaosRun.feedsWatchedOn(0, gateways.size(), true);
      run.awaitFramesInFlight(placement -> stuck.contains(placement.feed()));
      run.ledger.fault();
      long stopped = System.nanoTime();
      frozen.signal("STOP");
      other.awaitLine(ALONE, CONVERGE, otherMark);
      double detectedSeconds = (System.nanoTime() - stopped) / 1e9;
      frozen.signal("CONT");
      long resumed = System.nanoTime();
      double frozenSeconds = (resumed - stopped) / 1e9;
      // Results for the frozen node's clients could reach them only once it was back.
      run.ledger.onFailedComponent(placement -> stuck.contains(placement.feed()), resumed);
      frozen.awaitLine(TOGETHER, CONVERGE, frozenMark);
      other.awaitLine(TOGETHER, CONVERGE, otherMark);
      double mergedSeconds = (System.nanoTime() - resumed) / 1e9;
      Thread.sleep(run.loadDuration().toMillis() / 3);
      load.interrupt();
      load.join();
      door.close();
      run.awaitSettled();

      List<String> failed = new ArrayList<>();
      Map<String, Object> fault = new TreeMap<>(Map.of(
          "frozen_s", round(frozenSeconds),
          "split_detected_s", round(detectedSeconds),
          "merged_s", round(mergedSeconds),
          "reconnects", run.reconnects(),
          "streams_counted_before", streamsBefore,
          "uploads_refused", run.ledger.refusedCount(),
          "unclaimed_frames", run.ledger.unclaimedFrames(),
          "upload_attempts", door.answers(),
          "both_alive", frozen.alive() && other.alive()));
      fault.putAll(converged(run, gateways, failed));
      return run.report(name(), fault, failed, out);
    }
  }

  /**
   * Waits (up to {@link #CONVERGE}) for the cluster state to agree with what is open and in
   * flight now that everything has settled: two members, no frame counted in flight anywhere,
   * one open stream counted per client. Adds what never agreed to {@code failed}.
   */
  private static Map<String, Object> converged(ChaosRun run, List<URI> gateways,
      List<String> failed) throws InterruptedException {
    List<NodeMetrics> nodes = gateways.stream().map(NodeMetrics::new).toList();
    try (ClusterCounters cluster = new ClusterCounters(run.cluster.clusterMembers())) {
      long deadline = System.nanoTime() + CONVERGE.toNanos();
      while (true) {
        Map<String, Long> counters = cluster.counters();
        Map<String, Long> inFlight = new TreeMap<>(counters);
        inFlight.entrySet().removeIf(c -> !c.getKey().startsWith(ClusterCounters.IN_FLIGHT_PREFIX)
            || c.getValue() == 0);
        long streams = streams(counters);
        double nodesInFlight = 0;
        for (NodeMetrics node : nodes) {
          OptionalDouble gauge = node.sum("gateway_inflight_frames", "");
          nodesInFlight += gauge.orElse(Double.NaN);
        }
        int members = cluster.members();
        boolean agreed = members == 2 && inFlight.isEmpty() && nodesInFlight == 0
            && streams == FrameSource.FEEDS;
        if (agreed || System.nanoTime() > deadline) {
          if (members != 2) {
            failed.add("the cluster has " + members + " members, not 2");
          }
          if (!inFlight.isEmpty()) {
            failed.add("cluster in-flight counters not back to 0: " + inFlight);
          }
          if (nodesInFlight != 0) {
            failed.add("nodes still count " + nodesInFlight + " frames in flight");
          }
          if (streams != FrameSource.FEEDS) {
            failed.add("the cluster counts " + streams + " open streams for "
                + FrameSource.FEEDS + " clients");
          }
          return Map.of("cluster_members", members, "cluster_in_flight_nonzero", inFlight.size(),
              "nodes_in_flight", nodesInFlight, "streams_counted", streams);
        }
        Thread.sleep(500);
      }
    }
  }

  /** Open result streams as the cluster counts them, over every API key. */
  private static long streams(Map<String, Long> counters) {
    return counters.entrySet().stream()
        .filter(c -> c.getKey().startsWith(ClusterCounters.SUBSCRIPTIONS_PREFIX))
        .mapToLong(Map.Entry::getValue).sum();
  }

  private static double round(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }
}
