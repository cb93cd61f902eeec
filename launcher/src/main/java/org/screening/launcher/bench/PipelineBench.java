package org.screening.launcher.bench;

import io.vertx.core.Future;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.screening.broker.EmbeddedKafka;
import org.screening.gateway.auth.ApiKeyAuthentication;
import org.screening.gateway.config.ApiKeySpec;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import org.screening.launcher.bench.compute.BatchThroughput;
import org.screening.launcher.bench.compute.Machine;
import org.screening.launcher.bench.compute.ModelBench;
import org.screening.launcher.demo.DemoFeed;
import org.screening.schemas.Topics;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.Task;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.inference.LoadedModel;
import org.screening.workers.inference.ModelLoader;
import org.screening.workers.inference.SessionOptions;

/**
 * The whole path (producer, Kafka, worker, results topic, gateway, SSE client) on the embedded
 * broker,
 * against the bare session at the worker's batch size and against the transport alone, all in
 * this run: a load spike on the shared machine then moves all three alike.
 */
public final class PipelineBench {

  /** The open-loop loads, as fractions of the saturated throughput. */
  static final List<Double> LOADS = List.of(0.5, 0.7, 0.9);

  /** What to run: the model, the seconds of each phase and the frames kept in flight. */
  public record Settings(Path home, String model, double seconds, int inFlight, int partitions) {}

  private final Settings settings;
  private final PrintWriter log;

  public PipelineBench(Settings settings, PrintWriter log) {
    this.settings = settings;
    this.log = log;
  }

  public PipelineReport run(DemoFeed feed) throws Exception {
    WorkerConfig config = WorkerConfig.defaults()
        .with("models.medic-cls.dir", settings.home().resolve("models/medic-cls/1").toString())
        .with("models.medic-seg.dir", settings.home().resolve("models/medic-seg/1").toString());
    String key = WorkerConfig.modelKey(settings.model(), WorkerConfig.MODEL_MAX_BATCH_SIZE);
    int batch = config.getInt(key);
    double maxQueueDelayMs = config.getLong(WorkerConfig.modelKey(settings.model(),
        WorkerConfig.MODEL_MAX_QUEUE_DELAY_MICROS)) / 1000.0;

    List<BatchThroughput> bare = bareSession(config, batch);
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      log.println("Transport alone...");
      log.flush();
      TransportResult transport = new KafkaBench(settings.partitions(), settings.seconds())
          .measure(kafka, TransportPayload.demoPng(feed));
      createTopics(kafka, settings.partitions());
      try (InProcessStack stack = InProcessStack.start(kafka, config);
          PipelineProbe probe = new PipelineProbe(kafka);
          SseClient viewer = new SseClient(stack.gatewayPort(), stack.apiKey(), feed.feeds(),
              probe::delivered)) {
        Task task = settings.model().equals("medic-seg") ? Task.SEGMENT : Task.CLASSIFY;
        log.println("Pipeline at saturation...");
        log.flush();
        closedLoop(probe, feed, task, settings.seconds() / 2);
        probe.drain();
        WorkerCpu before = WorkerCpu.now();
        double saturation = closedLoop(probe, feed, task, settings.seconds());
        WorkerCpu cpu = WorkerCpu.now().since(before);
        List<LoadLevel> levels = new ArrayList<>();
        for (double load : LOADS) {
          log.printf("Pipeline at %.0f%% (Poisson)...%n", 100 * load);
          log.flush();
          levels.add(openLoop(probe, feed, task, load, saturation));
        }
        return report(batch, saturation, cpu, bare, transport, maxQueueDelayMs, levels);
      }
    }
  }

  private List<BatchThroughput> bareSession(WorkerConfig config, int batch) throws IOException {
    log.printf("Bare session at batch 1 and %d...%n", batch);
    log.flush();
    Path dir = settings.home().resolve("models").resolve(settings.model()).resolve("1");
    try (LoadedModel model = ModelLoader.load(dir, SessionOptions.from(config))) {
      return ModelBench.measure(model, List.of(1, batch), 50,
          (long) (settings.seconds() * 1000 / 2));
    }
  }

  /** Keeps {@code inFlight} frames in the pipeline; the frames completed per second. */
  private double closedLoop(PipelineProbe probe, DemoFeed feed, Task task, double seconds)
      throws InterruptedException {
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    for (int i = 0; i < settings.inFlight(); i++) {
      probe.send(frame(feed, task));
    }
    long completed = 0;
    while (System.nanoTime() < end) {
      if (probe.completions().tryAcquire(10, TimeUnit.MILLISECONDS)) {
        completed++;
        probe.send(frame(feed, task));
      }
    }
    double rate = completed / ((System.nanoTime() - start) / 1e9);
    awaitEmpty(probe);
    probe.completions().drainPermits();
    return rate;
  }

  /** Poisson arrivals at {@code load} x saturation; latency and stages of what completed. */
  private LoadLevel openLoop(PipelineProbe probe, DemoFeed feed, Task task, double load,
      double saturation) throws InterruptedException {
    probe.drain();
    double rate = load * saturation;
    Random random = new Random(11);
    long start = System.nanoTime();
    long end = start + (long) (settings.seconds() * 1e9);
    long due = start;
    long sent = 0;
    while (due < end) {
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      probe.send(frame(feed, task));
      sent++;
      due += (long) (-Math.log(1 - random.nextDouble()) / rate * 1e9);
    }
    awaitEmpty(probe);
    double elapsed = (System.nanoTime() - start) / 1e9;
    List<PipelineProbe.Sample> samples = probe.drain();
    probe.completions().drainPermits();
    return new LoadLevel(load, sent / ((end - start) / 1e9), samples.size() / elapsed,
        LatencySummary.of(samples.stream().mapToDouble(PipelineProbe.Sample::e2eMs).toArray()),
        StageSplit.of(samples));
  }

  /** Waits until every frame sent is complete; fails after 60 s in which none completed. */
  static void awaitEmpty(PipelineProbe probe) throws InterruptedException {
    long stall = TimeUnit.SECONDS.toNanos(60);
    long deadline = System.nanoTime() + stall;
    for (long left = probe.inFlight(); left > 0; left = probe.inFlight()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(left + " frames got no result within 60 s");
      }
      Thread.sleep(5);
      if (probe.inFlight() < left) {
        deadline = System.nanoTime() + stall;
      }
    }
  }

  /** A demo slice asking for the benched model's task only: one result completes it. */
  private static Frame frame(DemoFeed feed, Task task) {
    return Frame.newBuilder(feed.next()).setTasks(List.of(task)).build();
  }

  private PipelineReport report(int batch, double saturation, WorkerCpu cpu,
      List<BatchThroughput> bare,
      TransportResult transport, double maxQueueDelayMs, List<LoadLevel> levels) {
    BatchThroughput one = bare.get(0);
    BatchThroughput atBatch = bare.get(1);
    double p99At70 = levels.stream().filter(l -> l.fractionOfSaturation() == 0.7).findFirst()
        .orElseThrow().latency().p99Ms();
    Runtime rt = Runtime.getRuntime();
    return new PipelineReport(settings.model(), batch, settings.inFlight(), saturation, atBatch,
        one, transport, saturation / atBatch.imagesPerS(), atBatch.imagesPerS() / one.imagesPerS(),
        saturation / transport.messagesPerS(), maxQueueDelayMs, atBatch.msPerBatch(), p99At70,
        cpu.outsideSessionRunLow(), cpu.outsideSessionRunHigh(), levels, (rt.totalMemory() - rt.freeMemory()) / 1e6, rssMb(), Machine.current());
  }

  /** VmRSS of this process, from /proc/self/status; 0 where there is none. */
  private static double rssMb() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith("VmRSS:"))
          .mapToDouble(l -> Double.parseDouble(l.replaceAll("[^0-9]", "")) / 1024)
          .findFirst().orElse(0);
    } catch (IOException e) {
      return 0;
    }
  }

  static void createTopics(EmbeddedKafka kafka, int partitions) {
    Map<String, String> large =
        Map.of("max.message.bytes", String.valueOf(EmbeddedKafka.MAX_MESSAGE_BYTES));
    kafka.createTopics(List.of(
        new NewTopic(Topics.FRAMES, partitions, (short) 1).configs(large),
        new NewTopic(Topics.RESULTS, partitions, (short) 1).configs(large),
        new NewTopic(Topics.FRAMES_DLQ, 1, (short) 1).configs(large)));
  }

  static GatewayConfig gatewayConfig(EmbeddedKafka kafka, String apiKey) {
    return GatewayConfig.defaults().singleNode()
        .with(ConfigKeys.HTTP_PORT, 0)
        .with(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers())
        .with(ConfigKeys.AUTH_API_KEYS, List.of(
            ApiKeySpec.of("bench", DemoFeed.TENANT, ApiKeyAuthentication.sha256(apiKey))));
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
