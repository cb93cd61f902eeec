package org.screening.launcher.chaos;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.screening.gateway.config.GatewayConfig;
import org.screening.launcher.demo.DemoFeed;

/**
 * What every scenario does around its fault: start the processes, open one SSE client per
 * feed, watch the dead-letter topic, stream frames, wait for the last results, and judge.
 */
final class ChaosRun implements AutoCloseable {

  /** Frames topic partitions: more than one worker's worth, fewer than the feeds. */
  static final int PARTITIONS = 4;

  final ChaosSettings settings;
  final ChaosCluster cluster;
  final DeliveryLedger ledger = new DeliveryLedger();
  final PacedLoad load;
  private final List<FeedWatcher> watchers = new ArrayList<>();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final List<KafkaDoor> kafkaDoors = new ArrayList<>();

  private ChaosRun(ChaosSettings settings, ChaosCluster cluster, DemoFeed images) {
    this.settings = settings;
    this.cluster = cluster;
    this.load = new PacedLoad(new FrameSource(images));
  }

  /** A broker process with the topics, nothing else yet. */
  static ChaosRun start(ChaosSettings settings, DemoFeed images) throws Exception {
    ChaosCluster cluster = new ChaosCluster(settings);
    try {
      cluster.startBroker();
      cluster.createTopics(PARTITIONS);
      return new ChaosRun(settings, cluster, images);
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Gateway nodes with the defaults the README gives users (in-flight limits, replay buffer),
   * {@code tune} applied on top; the report lists whatever {@code tune} changes.
   */
  List<URI> gateways(int count, UnaryOperator<GatewayConfig> tune) throws Exception {
    return gateways(count, tune, Map.of());
  }

  /** As {@link #gateways(int, UnaryOperator)}, with system properties for every node. */
  List<URI> gateways(int count, UnaryOperator<GatewayConfig> tune, Map<String, String> properties)
      throws Exception {
    return cluster.startGateways(count, tune, properties).stream()
        .map(ChaosCluster.Gateway::base).toList();
  }

  /** Starts the workers side by side and waits until each is ready and owns partitions. */
  List<ChildProcess> workers(Map<String, Map<String, Object>> specs) throws Exception {
    List<ChildProcess> workers = new ArrayList<>();
    for (var spec : specs.entrySet()) {
      workers.add(cluster.startWorker(spec.getKey(), spec.getValue()));
    }
    for (ChildProcess worker : workers) {
      cluster.awaitReady(worker);
    }
    await(() -> workers.stream().mapToInt(w -> WorkerStatus.of(w).assigned()).sum() >= PARTITIONS,
        ChaosCluster.START_TIMEOUT, "the workers to own every partition");
    return workers;
  }

  /** One SSE client per feed, each trying {@code nodes} in order; returns once all stream. */
  void watch(List<URI> nodes) throws InterruptedException {
    watch(nodes, false);
  }

  /**
   * One SSE client per feed; returns once all stream. All start on the first of {@code nodes},
   * or, if {@code spread}, client i on node i (modulo their number); each moves to the next
   * node when its stream breaks.
   */
  void watch(List<URI> nodes, boolean spread) throws InterruptedException {
    List<String> feeds = FrameSource.feeds();
    for (int i = 0; i < feeds.size(); i++) {
      FeedWatcher watcher = new FeedWatcher(nodes, spread ? i % nodes.size() : 0, feeds.get(i),
          cluster.apiKey(), ledger);
      watchers.add(watcher);
    }
    for (FeedWatcher watcher : watchers) {
      watcher.awaitSubscribed(Duration.ofSeconds(60));
    }
    DeadLetterWatcher deadLetters = new DeadLetterWatcher(cluster.bootstrapServers(), ledger);
    closing.add(deadLetters);
  }

  int reconnects() {
    return watchers.stream().mapToInt(FeedWatcher::reconnects).sum();
  }

  KafkaDoor kafkaDoor() {
    KafkaDoor door = new KafkaDoor(cluster.bootstrapServers(), ledger);
    closing.add(door);
    kafkaDoors.add(door);
    return door;
  }

  HttpDoor httpDoor(List<URI> nodes) {
    HttpDoor door = new HttpDoor(nodes, cluster.apiKey(), ledger);
    closing.add(door);
    return door;
  }

  Duration loadDuration() {
    return Duration.ofSeconds(settings.loadSeconds());
  }

  /**
   * Waits until every frame sent has been acknowledged or refused, then until every accepted
   * frame has its results or is a dead letter, or patience ends. Without the first wait, frames
   * still unacknowledged after a broker restart were missing from the ledger, so it looked
   * settled, and their results arriving later counted them as lost.
   */
  void awaitSettled() throws InterruptedException {
    kafkaDoors.forEach(KafkaDoor::flush);
    long deadline = System.nanoTime() + settings.patience().toNanos();
    while (ledger.outstanding() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    // Late duplicates (a redelivery after the original) would arrive about now.
    Thread.sleep(1000);
  }

  /**
   * Takes {@code worker} away with {@code fault} (SIGKILL, SIGTERM) and names the frames that were
   * on it: those accepted before, on the partitions it owned, at or past the offsets the group
   * had committed (read just before, so nothing it finished after that counts as lost work).
   * The fault waits for such a frame: a worker that keeps up holds one only part of the time,
   * and a fault on an idle worker would test nothing. Returns the partitions it owned.
   */
  Set<Integer> faultOnWorker(ChildProcess worker, Fault fault) throws Exception {
    Set<Integer> partitions = cluster.partitionsOf(worker.name());
    Map<Integer, Long> committed = cluster.committedOffsets();
    Predicate<DeliveryLedger.Placement> onWorker = placement ->
        partitions.contains(placement.partition())
            && placement.offset() >= committed.getOrDefault(placement.partition(), 0L);
    awaitFramesInFlight(onWorker);
    ledger.fault();
    fault.inject();
    ledger.onFailedComponent(onWorker, ledger.faultNanos());
    return partitions;
  }

  /**
   * Waits until frames are in flight (accepted, not complete), so a fault injected next has
   * work on the component it takes away.
   */
  void awaitFramesInFlight() throws InterruptedException {
    awaitFramesInFlight(placement -> true);
  }

  /** As {@link #awaitFramesInFlight()}, for frames whose placement passes {@code test}. */
  void awaitFramesInFlight(Predicate<DeliveryLedger.Placement> test)
      throws InterruptedException {
    await(() -> ledger.inFlight(test) > 0, Duration.ofSeconds(60), "frames in flight");
  }

  /** The feeds whose clients stream from node {@code index} first (see {@link #watch}). */
  static Set<String> feedsWatchedOn(int index, int nodes, boolean spread) {
    Set<String> feeds = new HashSet<>();
    List<String> all = FrameSource.feeds();
    for (int i = 0; i < all.size(); i++) {
      if ((spread ? i % nodes : 0) == index) {
        feeds.add(all.get(i));
      }
    }
    return feeds;
  }

  /** Polls {@code condition} until it holds; fails naming {@code what} after {@code timeout}. */
  static void await(Condition condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  /** The first worker of {@code workers} that satisfies {@code test} within {@code timeout}. */
  static ChildProcess awaitWorker(List<ChildProcess> workers, Predicate<WorkerStatus> test,
      Duration timeout, String what) throws InterruptedException {
    ChildProcess[] found = new ChildProcess[1];
    await(() -> {
      for (ChildProcess w : workers) {
        if (w.alive() && test.test(WorkerStatus.of(w))) {
          found[0] = w;
          return true;
        }
      }
      return false;
    }, timeout, what);
    return found[0];
  }

  ScenarioReport report(String name, Map<String, Object> fault, PrintStream out) {
    return report(name, fault, List.of(), out);
  }

  /** The verdict, with the scenario's own checks that failed ({@code failedChecks}). */
  ScenarioReport report(String name, Map<String, Object> fault, List<String> failedChecks,
      PrintStream out) {
    ScenarioReport report = ScenarioReport.of(name, ledger, cluster.settings(), failedChecks,
        new LinkedHashMap<>(fault));
    if (report.passed()) {
      cluster.discardFolder();
    } else {
      out.println("chaos: " + name + " failed; the processes' logs are in " + cluster.folder());
    }
    return report;
  }

  @Override
  public void close() throws Exception {
    for (FeedWatcher watcher : watchers) {
      watcher.close();
    }
    for (AutoCloseable c : closing) {
      c.close();
    }
    cluster.close();
  }

  @FunctionalInterface
  interface Condition {
    boolean holds();
  }

  @FunctionalInterface
  interface Fault {
    void inject() throws Exception;
  }
}
