package org.screening.launcher.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.screening.broker.EmbeddedKafka;
import org.screening.launcher.send.CaseData;
import org.screening.launcher.send.CaseSend;
import org.screening.launcher.send.SendReport;
import org.screening.schemas.Topics;
import org.screening.schemas.v1.ClosedBy;
import org.screening.schemas.v1.Summary;
import org.screening.summaries.Summarizer;
import org.screening.summaries.SummariesConfig;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.stream.Worker;

/**
 * {@code demo --slide} and {@code demo --video}: the prepared slide or clip through a real broker,
 * a worker and the summaries role, then the case's summary. Exit status 0 only when exactly one
 * summary arrived and it accounts for everything sent.
 */
final class CaseDemo {

  /** What to send. */
  enum Kind { SLIDE, VIDEO }

  static final String TENANT = "demo";
  /** The demo slide's tiling: level 0 in 128-pixel tiles gives a 12 x 10 grid. */
  static final int SLIDE_TILE = 128;
  static final double MIN_TISSUE = 0.25;

  private final Path home;
  private final int partitions;
  private final Duration wait;
  private final PrintStream out;

  CaseDemo(Path home, int partitions, Duration wait, PrintStream out) {
    this.home = home;
    this.partitions = partitions;
    this.wait = wait;
    this.out = out;
  }

  int run(Kind kind, WorkerConfig worker) throws Exception {
    CaseData data = CaseData.at(home, out);
    Path state = Files.createTempDirectory("screening-summaries");
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      createTopics(kafka);
      Vertx vertx = Vertx.vertx();
      Worker running = await(Worker.start(vertx,
          worker.with(WorkerConfig.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers())));
      try (Summarizer summarizer = Summarizer.start(
          SummariesConfig.defaults(kafka.bootstrapServers(), state))) {
        if (!summarizer.awaitRunning(wait)) {
          out.println("demo: the summaries role did not start");
          return 1;
        }
        String feed = kind.name().toLowerCase() + "-" + UUID.randomUUID();
        try (SummaryWatch watch = new SummaryWatch(kafka.bootstrapServers(), feed)) {
          SendReport report = send(kind, data, kafka.bootstrapServers(), feed);
          out.println(report.line());
          List<Summary> summaries = watch.await(wait);
          summaries = watch.linger(Duration.ofSeconds(2));
          summaries.forEach(s -> out.println(SummaryLines.of(s)));
          return verdict(report, summaries);
        }
      } finally {
        await(running.close());
        await(vertx.close());
      }
    }
  }

  private SendReport send(Kind kind, CaseData data, String bootstrap, String feed)
      throws Exception {
    return switch (kind) {
      case SLIDE -> CaseSend.slide(bootstrap, TENANT, feed, data.slide(), 0, SLIDE_TILE,
          MIN_TISSUE, out);
      case VIDEO -> CaseSend.video(bootstrap, TENANT, feed, data.clip(), 0, out);
    };
  }

  private int verdict(SendReport report, List<Summary> summaries) {
    if (summaries.size() != 1) {
      out.printf("demo: expected one summary, got %d%n", summaries.size());
      return 1;
    }
    Summary s = summaries.get(0);
    boolean complete = s.getClosedBy() == ClosedBy.ALL_ANSWERED
        && s.getFramesSent() == report.sent()
        && s.getFramesScreened() + s.getFramesDroppedStale() + s.getFramesDroppedDeadline()
            == report.sent();
    out.println(complete ? "demo: the summary accounts for every frame sent"
        : "demo: INCOMPLETE: the summary does not account for every frame sent");
    return complete ? 0 : 1;
  }

  private void createTopics(EmbeddedKafka kafka) {
    Map<String, String> large = Map.of("max.message.bytes",
        String.valueOf(EmbeddedKafka.MAX_MESSAGE_BYTES));
    kafka.createTopics(List.of(
        new NewTopic(Topics.FRAMES, partitions, (short) 1).configs(large),
        new NewTopic(Topics.RESULTS, partitions, (short) 1).configs(large),
        new NewTopic(Topics.SUMMARIES, partitions, (short) 1).configs(large),
        new NewTopic(Topics.FRAMES_DLQ, 1, (short) 1).configs(large)));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
