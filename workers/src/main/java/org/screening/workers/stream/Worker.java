package org.screening.workers.stream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.screening.health.CheckResult;
import org.screening.health.HealthCheck;
import org.screening.health.Probes;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.inference.InferenceStep;
import org.screening.workers.inference.ModelRegistry;
import org.screening.workers.inference.ServedModel;

/**
 * A running worker: what {@code screening worker} and the demo start. {@link #start} loads and
 * warms up the models off the event loop, then deploys the verticle that consumes frames, which
 * a {@link StreamSupervisor} re-creates should it fail; {@link #close()} stops consuming,
 * finishes the frames in flight, commits and leaves the group. Its counts go to the meter
 * registry it is given; its {@link Probes} say whether it is alive, started and ready, each as a
 * list of named checks.
 */
public final class Worker implements Probes {

  private final Vertx vertx;
  private final ModelRegistry models;
  private final StreamSupervisor stream;
  private final WorkerCounters counters;
  private final String id;
  private final Duration stuckAfter;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Worker(Vertx vertx, ModelRegistry models, StreamSupervisor stream,
      WorkerCounters counters, WorkerConfig config) {
    this.vertx = vertx;
    this.models = models;
    this.stream = stream;
    this.counters = counters;
    this.id = config.workerId();
    this.stuckAfter = Duration.ofMillis(config.getLong(WorkerConfig.HEALTH_STUCK_FRAME_MS));
  }

  /** Loads the models, warms them up and joins the consumer group; meters kept to itself. */
  public static Future<Worker> start(Vertx vertx, WorkerConfig config) {
    return start(vertx, config, new SimpleMeterRegistry());
  }

  /** As {@link #start(Vertx, WorkerConfig)}, with its meters in {@code registry}. */
  public static Future<Worker> start(Vertx vertx, WorkerConfig config, MeterRegistry registry) {
    return start(vertx, config, registry,
        InferenceStep.SESSION.delayedBy(config.getLong(WorkerConfig.FAULT_INFERENCE_DELAY_MS)));
  }

  /** As {@link #start(Vertx, WorkerConfig)} with another session step: the tests' seam. */
  static Future<Worker> start(Vertx vertx, WorkerConfig config, InferenceStep step) {
    return start(vertx, config, new SimpleMeterRegistry(), step);
  }

  static Future<Worker> start(Vertx vertx, WorkerConfig config, MeterRegistry registry,
      InferenceStep step) {
    return start(vertx, config, registry, step, UnaryOperator.identity());
  }

  /** As {@link #start(Vertx, WorkerConfig, InferenceStep)}, the preparation decorated too. */
  static Future<Worker> start(Vertx vertx, WorkerConfig config, MeterRegistry registry,
      InferenceStep step, UnaryOperator<Preparation> preparation) {
    WorkerCounters counters = new WorkerCounters(registry);
    return vertx.executeBlocking(() -> ModelRegistry.load(config), false).compose(models -> {
      models.models().forEach(model -> modelInfo(registry, model));
      StreamSupervisor stream = new StreamSupervisor(vertx, failures ->
          new WorkerVerticle(config, models, step, preparation, counters, failures));
      return stream.start()
          .map(v -> new Worker(vertx, models, stream, counters, config))
          .recover(e -> closeModels(vertx, models).transform(v -> Future.failedFuture(e)));
    });
  }

  /** Triton's model-version info as a gauge: always 1, the facts in its labels. */
  private static void modelInfo(MeterRegistry registry, ServedModel model) {
    String opLibrary = model.opLibrarySha256();
    Gauge.builder("screening.model.info", () -> 1)
        .description("A model this worker serves: name, version, weights and op-library sha256")
        .tag("model", model.name())
        .tag("version", model.version())
        .tag("task", model.task().name())
        .tag("sha256", model.loaded().info().weightsSha256())
        .tag("op_library_sha256", opLibrary == null ? "none" : opLibrary)
        .register(registry);
  }

  /** The id results carry in {@code worker_id}. */
  public String id() {
    return id;
  }

  /**
   * Ready to serve: the op library passed its self-test, every model is loaded and warmed up,
   * the consumer has subscribed, and the stream is {@link StreamHealth.State#RUNNING}: not
   * restarting after a failure, no model failing for every input. False once closing starts.
   * {@link #readiness()} says more: whether the group took it in, and whether its partitions and
   * producer move.
   */
  public boolean ready() {
    return health().ready();
  }

  /**
   * The stream's state, why it is not running, and the age of the oldest unfinished frame of
   * each partition; safe from any thread, cheap enough for every readiness probe.
   */
  public StreamHealth health() {
    return stream.health();
  }

  /** The worker's event loop still runs tasks. */
  @Override
  public List<HealthCheck> liveness() {
    // The latest verticle, even one stopped by a restart: its event loop is the one to ask.
    return List.of(new HealthCheck("eventLoop",
        () -> stream.latest().ping().map(v -> CheckResult.up("answers"))));
  }

  /** A worker exists only once its models are loaded, checked and warmed up. */
  @Override
  public List<HealthCheck> startup() {
    return List.of(HealthCheck.of("models", this::models));
  }

  /** One line per condition; a new signal is one more line. */
  @Override
  public List<HealthCheck> readiness() {
    return List.of(
        HealthCheck.of("models", this::models),
        HealthCheck.of("serving", () -> closed.get()
            ? CheckResult.down("shutting down") : CheckResult.up("consuming")),
        HealthCheck.of("stream", this::streamRunning),
        HealthCheck.of("consumer", this::inGroup),
        HealthCheck.of("partitions", this::noPartitionStuck),
        HealthCheck.of("producer", this::producerPublishes));
  }

  private CheckResult models() {
    return CheckResult.up(models.models().stream().map(ServedModel::key)
        .collect(Collectors.joining(", ")) + " loaded and warmed up");
  }

  private CheckResult inGroup() {
    // Every assignment, an empty one included, comes with the group's answer to our join.
    return counters.rebalances.get() > 0
        ? CheckResult.up(counters.assigned.get() + " partition(s) assigned")
        : CheckResult.down("waiting for the consumer group to take this worker in");
  }

  private CheckResult streamRunning() {
    StreamHealth health = health();
    return health.ready()
        ? CheckResult.up("running, " + health.restarts() + " restart(s)")
        : CheckResult.down(health.state() + ": " + health.reason());
  }

  private CheckResult noPartitionStuck() {
    // The stream knows how old each partition's oldest unfinished frame is, not what is too old.
    Map<TopicPartition, Duration> ages = health().oldestUnfinished();
    String stuck = ages.entrySet().stream().filter(e -> e.getValue().compareTo(stuckAfter) > 0)
        .map(e -> e.getKey() + " (" + e.getValue().toSeconds() + " s)")
        .sorted().collect(Collectors.joining(", "));
    if (!stuck.isEmpty()) {
      return CheckResult.down("a frame unfinished for over " + stuckAfter.toMillis() + " ms in "
          + stuck);
    }
    Duration oldest = ages.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
    return CheckResult.up("oldest unfinished frame " + oldest.toMillis() + " ms (bound "
        + stuckAfter.toMillis() + " ms)");
  }

  private CheckResult producerPublishes() {
    Throwable failure = stream.latest().lastSendFailure();
    // The class only: the message may quote topics and sizes, and the class says enough.
    return failure == null ? CheckResult.up("last send acknowledged, or none yet")
        : CheckResult.down("last send failed: " + failure.getClass().getSimpleName());
  }

  public WorkerMetrics metrics() {
    WorkerVerticle verticle = stream.latest();
    return counters.snapshot(verticle == null ? List.of() : verticle.modelMetrics());
  }

  /**
   * Stops consuming (keeping the group membership while it drains), runs the queued frames,
   * waits for their results to be acknowledged (up to {@code worker.drainTimeoutMs}), commits,
   * leaves the group, then closes the models. Idempotent.
   */
  public Future<Void> close() {
    return close(false);
  }

  /** Stops as a crashed worker would: nothing drained, nothing committed. For tests. */
  Future<Void> abandon() {
    return close(true);
  }

  private Future<Void> close(boolean crash) {
    if (!closed.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return stream.close(crash).eventually(() -> closeModels(vertx, models));
  }

  private static Future<Void> closeModels(Vertx vertx, ModelRegistry models) {
    return vertx.executeBlocking(() -> {
      models.close();
      return null;
    }, false);
  }
}
