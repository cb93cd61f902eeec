package org.screening.launcher.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.screening.broker.EmbeddedKafka;
import org.screening.gateway.GatewayNode;
import org.screening.gateway.auth.ApiKeyAuthentication;
import org.screening.gateway.config.ApiKeySpec;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import org.screening.schemas.Topics;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.stream.Worker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code screening demo}: the whole system on one machine. A real KRaft broker, a gateway node
 * and a worker serving the shipped Med-IC models, fed real MRI and CT slices through Kafka,
 * with a live progress line and the HTTP API open meanwhile.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run the pipeline end to end on an embedded Kafka broker with the shipped "
        + "models, replaying real MRI/CT slices.", "With --frames N it exits after N frames: "
        + "status 0 only if every frame got every requested result; the last line is JSON."})
public final class DemoCommand implements Callable<Integer> {

  @Option(names = "--frames", defaultValue = "-1",
      description = "frames to send, then summarise and exit (default: run until interrupted)")
  long frames;

  @Option(names = "--rate", defaultValue = "20", description = "frames per second (default ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--port", defaultValue = "8080", description = "gateway HTTP port (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--partitions", defaultValue = "4",
      description = "partitions of the frames and results topics (default ${DEFAULT-VALUE})")
  int partitions;

  @Option(names = "--wait-seconds", defaultValue = "120",
      description = "how long to wait for the last results after sending (default ${DEFAULT-VALUE})")
  int waitSeconds;

  @Option(names = "--home", defaultValue = "${sys:screening.home:-.}", hidden = true)
  Path home;

  @Option(names = "--slide", description = "send the prepared whole-slide image instead and "
      + "print its summary; exit 0 when it accounts for every tile")
  boolean slide;

  @Option(names = "--video", description = "send the prepared video clip as a LIVE procedure "
      + "instead and print its summary; exit 0 when it accounts for every frame")
  boolean video;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    if (slide || video) {
      return new CaseDemo(home, partitions, java.time.Duration.ofSeconds(waitSeconds), out)
          .run(slide ? CaseDemo.Kind.SLIDE : CaseDemo.Kind.VIDEO, shippedModels());
    }
    DemoFeed feed = DemoImages.feed(home, out);
    DemoSummary summary;
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      summary = runPipeline(kafka, feed, out);
    }
    // After the broker is down, so that the JSON line is the last one printed.
    out.println(summary.complete() ? "demo: every frame got every requested result"
        : "demo: INCOMPLETE: some frames lack results (see lost / dead_letters)");
    out.println(new ObjectMapper().writeValueAsString(summary.json()));
    return summary.complete() ? 0 : 1;
  }

  private DemoSummary runPipeline(EmbeddedKafka kafka, DemoFeed feed, PrintStream out)
      throws Exception {
    String apiKey = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    createTopics(kafka);
    Vertx vertx = Vertx.vertx();
    Worker worker = await(Worker.start(vertx, workerConfig(kafka)));
    GatewayNode gateway = await(GatewayNode.start(gatewayConfig(kafka, apiKey)));
    out.printf("demo: broker %s, worker %s, gateway http://127.0.0.1:%d (API key %s)%n",
        kafka.bootstrapServers(), worker.id(), gateway.port(), apiKey);
    out.printf("demo: viewer http://127.0.0.1:%d/ (sign in with the API key above)%n",
        gateway.port());
    out.printf("demo: watch a feed with: curl -N -H 'Authorization: Bearer %s' "
        + "http://127.0.0.1:%d/v1/feeds/brain-mri/results%n", apiKey, gateway.port());
    ResultTracker tracker = new ResultTracker();
    try (ResultListener listener = new ResultListener(kafka.bootstrapServers(), tracker);
        FeedReplayer replayer = new FeedReplayer(kafka.bootstrapServers(), feed, tracker)) {
      return run(replayer, tracker, out);
    } finally {
      await(gateway.close());
      await(worker.close());
      await(vertx.close());
    }
  }

  private DemoSummary run(FeedReplayer replayer, ResultTracker tracker, PrintStream out)
      throws InterruptedException {
    ProgressLine progress = new ProgressLine(out, System.console() != null);
    Thread sender = new Thread(() -> {
      try {
        replayer.replay(frames, rate);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "demo-replayer");
    sender.start();
    Runtime.getRuntime().addShutdownHook(new Thread(sender::interrupt));
    while (sender.isAlive()) {
      sender.join(1000);
      progress.print(tracker.snapshot());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
    while (tracker.inFlight() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      progress.print(tracker.snapshot());
    }
    progress.finish();
    return DemoSummary.of(tracker.snapshot());
  }

  private void createTopics(EmbeddedKafka kafka) {
    Map<String, String> large = Map.of("max.message.bytes",
        String.valueOf(EmbeddedKafka.MAX_MESSAGE_BYTES));
    kafka.createTopics(List.of(
        new NewTopic(Topics.FRAMES, partitions, (short) 1).configs(large),
        new NewTopic(Topics.RESULTS, partitions, (short) 1).configs(large),
        new NewTopic(Topics.FRAMES_DLQ, 1, (short) 1).configs(large)));
  }

  private WorkerConfig workerConfig(EmbeddedKafka kafka) {
    return shippedModels()
        .with(WorkerConfig.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
  }

  /** Worker defaults serving the shipped Med-IC models. */
  private WorkerConfig shippedModels() {
    return WorkerConfig.defaults()
        .with("models.medic-cls.dir", home.resolve("models/medic-cls/1").toString())
        .with("models.medic-seg.dir", home.resolve("models/medic-seg/1").toString());
  }

  private GatewayConfig gatewayConfig(EmbeddedKafka kafka, String apiKey) {
    return GatewayConfig.defaults().singleNode()
        .with(ConfigKeys.HTTP_PORT, port)
        .with(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers())
        .with(ConfigKeys.AUTH_API_KEYS, List.of(
            ApiKeySpec.of("demo", DemoFeed.TENANT, ApiKeyAuthentication.sha256(apiKey))));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
