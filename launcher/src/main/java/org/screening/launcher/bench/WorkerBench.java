package org.screening.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.screening.broker.EmbeddedKafka;
import org.screening.launcher.bench.PipelineProbe.Sample;
import org.screening.launcher.bench.compute.BatchThroughput;
import org.screening.launcher.bench.compute.Machine;
import org.screening.launcher.chaos.ChaosSettings;
import org.screening.launcher.chaos.ChildProcess;
import org.screening.launcher.demo.DemoFeed;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Task;
import org.screening.workers.config.WorkerConfig;

/**
 * The worker's own efficiency. The worker runs as a child process on CPU 0 and the bare session
 * (a {@code bench model} child) on the same core; this process (broker, load, result reader)
 * moves to CPU 1. A backlog is pre-loaded into the frames topic while the worker is stopped
 * (SIGSTOP) and drained once it continues; then Poisson load at fractions of the drained rate.
 */
public final class WorkerBench {

  static final List<Double> LOADS = List.of(0.5, 0.7, 0.9);
  private static final Pattern WORKER_READY = Pattern.compile("^worker \\S+ ready");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final int FEEDS = 4;

  /** What to run: the model, seconds of each drain and load round, and the rounds of each. */
  public record Settings(Path home, String model, double seconds, int rounds, int partitions) {}

  private final Settings settings;
  private final PrintWriter log;
  private final Path dir;
  private final Task task;
  private long sequence;

  public WorkerBench(Settings settings, PrintWriter log) throws IOException {
    this.settings = settings;
    this.log = log;
    this.dir = Files.createTempDirectory("screening-bench-worker");
    this.task = settings.model().equals("medic-seg") ? Task.SEGMENT : Task.CLASSIFY;
  }

  /** Runs the bench; the child processes' logs stay for whoever investigates a failure. */
  public WorkerBenchReport run(DemoFeed feed) throws Exception {
    try {
      WorkerBenchReport report = measure(feed);
      deleteFolder();
      return report;
    } catch (Exception | Error e) {
      log.println("The worker's and the bare session's logs are kept in " + dir);
      log.flush();
      throw e;
    }
  }

  private WorkerBenchReport measure(DemoFeed feed) throws Exception {
    Pinning pinning = Pinning.apply(log);
    WorkerConfig defaults = WorkerConfig.defaults();
    int batch = defaults.getInt(WorkerConfig.modelKey(settings.model(),
        WorkerConfig.MODEL_MAX_BATCH_SIZE));
    double maxQueueDelayMs = defaults.getLong(WorkerConfig.modelKey(settings.model(),
        WorkerConfig.MODEL_MAX_QUEUE_DELAY_MICROS)) / 1000.0;
    Path modelDir = settings.home().resolve("models").resolve(settings.model()).resolve("1");
    JsonNode input = new ObjectMapper().readTree(
        modelDir.resolve("assets.extra/model.json").toFile()).get("input");
    int side = input.get("width").asInt();
    List<BatchThroughput> bare = bareSession(pinning, modelDir, batch);
    BatchThroughput atBatch = bare.get(1);
    int frames = (int) Math.max(200, atBatch.imagesPerS() * settings.seconds());
    Frame raw = TransportPayload.rawFrame(side, task, QosClass.BATCH);
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      log.println("One Kafka hop alone...");
      log.flush();
      TransportResult hop = new KafkaBench(settings.partitions(), settings.seconds())
          .measure(kafka, new TransportPayload("raw" + side,
              List.of(AvroCodec.frames().encode(raw))));
      PipelineBench.createTopics(kafka, settings.partitions());
      try (ChildProcess worker = startWorker(pinning, kafka.bootstrapServers(), modelDir);
          PipelineProbe probe = new PipelineProbe(kafka.bootstrapServers(), false)) {
        worker.awaitLine(WORKER_READY, START_TIMEOUT);
        IntFunction<Frame> rawFrames = i -> copy(raw, "bench-raw-" + i % FEEDS);
        IntFunction<Frame> pngFrames = i -> Frame.newBuilder(feed.next())
            .setTasks(List.of(task)).build();
        drain(worker, probe, rawFrames, 100);
        List<Drain> drainedRaw = new ArrayList<>();
        List<Drain> drainedPng = new ArrayList<>();
        for (int r = 0; r < settings.rounds(); r++) {
          log.printf("Draining %d raw, then %d PNG frames (round %d of %d)...%n", frames, frames,
              r + 1, settings.rounds());
          log.flush();
          drainedRaw.add(drain(worker, probe, rawFrames, frames));
          drainedPng.add(drain(worker, probe, pngFrames, frames));
        }
        double capacity = Rounds.of(drainedRaw.stream().mapToDouble(Drain::framesPerS)
            .toArray()).median();
        List<WorkerLoad> loads = new ArrayList<>();
        for (double load : LOADS) {
          log.printf("Raw frames at %.0f%% of the drained rate (Poisson)...%n", 100 * load);
          log.flush();
          loads.add(openLoop(probe, rawFrames, load, capacity));
        }
        log.println("One Kafka hop alone, again...");
        log.flush();
        TransportResult hopAfter = new KafkaBench(settings.partitions(), settings.seconds())
            .measure(kafka, new TransportPayload("raw" + side,
                List.of(AvroCodec.frames().encode(raw))));
        return WorkerBenchReport.of(settings.model(), pinning.description(), batch, atBatch,
            bare.get(0), frames, drainedRaw, drainedPng, List.of(hop, hopAfter),
            maxQueueDelayMs, loads, Machine.current());
      }
    }
  }

  /** The bare session on the worker's core, through {@code bench model} in a child process. */
  private List<BatchThroughput> bareSession(Pinning pinning, Path modelDir, int batch)
      throws IOException, InterruptedException {
    log.printf("Bare session at batch 1 and %d on the worker's core...%n", batch);
    log.flush();
    try (ChildProcess bench = ChildProcess.start("bare-session", pinning.worker(java(List.of(
        "bench", "model", "--model-dir", modelDir.toString(), "--batch", "1", "--batch",
        String.valueOf(batch), "--results-dir", dir.toString(), "--json"))), Map.of(),
        dir.resolve("bare-session.log"))) {
      String line = bench.awaitLine(Pattern.compile("^\\{.*\\}$"), START_TIMEOUT).group();
      List<BatchThroughput> rows = new ArrayList<>();
      for (JsonNode row : new ObjectMapper().readTree(line).get("batches")) {
        rows.add(new BatchThroughput(row.get("batch").asInt(), row.get("images_per_s").asDouble(),
            row.get("ms_per_batch").asDouble(), row.get("runs").asInt()));
      }
      rows.sort(Comparator.comparingInt(BatchThroughput::batch));
      return rows;
    }
  }

  /** The worker role with its defaults, serving only the benched model, on the worker's core. */
  private ChildProcess startWorker(Pinning pinning, String bootstrap, Path modelDir)
      throws IOException {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(WorkerConfig.WORKER_ID, "bench-worker");
    config.put(WorkerConfig.KAFKA_BOOTSTRAP_SERVERS, bootstrap);
    config.put(WorkerConfig.HTTP_PORT, 0);
    config.put(WorkerConfig.modelKey(settings.model(), WorkerConfig.MODEL_DIR),
        modelDir.toString());
    config.put(task == Task.SEGMENT ? WorkerConfig.ROUTING_CLASSIFY : WorkerConfig.ROUTING_SEGMENT,
        "");
    Path file = dir.resolve("worker.json");
    Files.writeString(file, new ObjectMapper().writeValueAsString(config));
    return ChildProcess.start("worker", pinning.worker(java(List.of("worker", "--config",
        file.toString()))), Map.of("TF_CPP_MIN_LOG_LEVEL", "2"), dir.resolve("worker.log"));
  }

  private List<String> java(List<String> args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-Dscreening.home=" + settings.home(), "-jar",
        ChaosSettings.jar(settings.home()).toString()));
    command.addAll(args);
    return command;
  }

  /**
   * Pre-loads {@code count} frames while the worker is stopped, lets it continue and waits for
   * every result; the drained rate is from the first result landing to the last.
   */
  private Drain drain(ChildProcess worker, PipelineProbe probe, IntFunction<Frame> frames,
      int count) throws IOException, InterruptedException {
    probe.drain();
    worker.signal("STOP");
    try {
      for (int i = 0; i < count; i++) {
        probe.send(frames.apply(i));
      }
      probe.flush();
    } finally {
      worker.signal("CONT");
    }
    PipelineBench.awaitEmpty(probe);
    probe.completions().drainPermits();
    return Drain.of(probe.drain());
  }

  /**
   * One drain's results: frames/s over the time from the first landing to the last (n - 1
   * intervals), the share of that time the worker spent in {@code Session.run} (each result
   * carries its whole batch's inference time, so a frame counts for its batch's time over the
   * batch size), and the mean batch.
   */
  record Drain(double framesPerS, double sessionShare, double meanBatch) {

    static Drain of(List<Sample> samples) {
      if (samples.size() < 2) {
        throw new IllegalArgumentException("A drain needs at least two results");
      }
      long first = samples.stream().mapToLong(Sample::landedNanos).min().orElseThrow();
      long last = samples.stream().mapToLong(Sample::landedNanos).max().orElseThrow();
      double seconds = (last - first) / 1e9;
      double sessionMs = samples.stream().mapToDouble(s -> s.inferenceMs() / s.batchSize()).sum();
      return new Drain((samples.size() - 1) / seconds, sessionMs / 1000 / seconds,
          samples.stream().mapToInt(Sample::batchSize).average().orElseThrow());
    }
  }

  private WorkerLoad openLoop(PipelineProbe probe, IntFunction<Frame> frames, double load,
      double capacity) throws InterruptedException {
    double rate = load * capacity;
    int rounds = settings.rounds();
    double[] workerP50 = new double[rounds];
    double[] workerP99 = new double[rounds];
    double[] e2eP50 = new double[rounds];
    double[] e2eP99 = new double[rounds];
    long total = 0;
    Random random = new Random(11);
    for (int r = 0; r < rounds; r++) {
      probe.drain();
      long start = System.nanoTime();
      long end = start + (long) (settings.seconds() * 1e9);
      int i = 0;
      for (long due = start; due < end;
          due += (long) (-Math.log(1 - random.nextDouble()) / rate * 1e9)) {
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        probe.send(frames.apply(i++));
      }
      PipelineBench.awaitEmpty(probe);
      probe.completions().drainPermits();
      List<Sample> samples = probe.drain();
      total += samples.size();
      LatencySummary worker = LatencySummary.of(
          samples.stream().mapToDouble(Sample::workerMs).toArray());
      LatencySummary e2e = LatencySummary.of(
          samples.stream().mapToDouble(Sample::e2eMs).toArray());
      workerP50[r] = worker.p50Ms();
      workerP99[r] = worker.p99Ms();
      e2eP50[r] = e2e.p50Ms();
      e2eP99[r] = e2e.p99Ms();
    }
    return new WorkerLoad(load, rate, total, Rounds.of(workerP50), Rounds.of(workerP99),
        Rounds.of(e2eP50), Rounds.of(e2eP99));
  }

  /** {@code template} with a frame id of its own, on {@code feedId}. */
  private Frame copy(Frame template, String feedId) {
    return Frame.newBuilder(template).setFrameId(UUID.randomUUID().toString())
        .setFeedId(feedId).setSequence(sequence++).build();
  }

  private void deleteFolder() {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp folder is harmless.
    }
  }
}
