package org.screening.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.broker.EmbeddedKafka;
import org.screening.launcher.demo.SummaryLines;
import org.screening.launcher.demo.SummaryWatch;
import org.screening.launcher.send.CaseData;
import org.screening.launcher.send.CaseSend;
import org.screening.launcher.send.SendReport;
import org.screening.schemas.Topics;
import org.screening.schemas.v1.CaseKind;
import org.screening.schemas.v1.ClosedBy;
import org.screening.schemas.v1.Summary;
import org.screening.summaries.Summarizer;
import org.screening.summaries.SummariesConfig;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.stream.Worker;

/**
 * The prepared H.264 clip sent as a LIVE procedure at 30 frames/s through a real broker, worker
 * and summaries role: the procedure's one summary accounts for every frame sent, screened or
 * dropped as stale by the worker.
 */
class VideoSummaryIT {

  private static final Path HOME = Path.of(System.getProperty("screening.home", ".."));
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  @TempDir
  Path state;

  @Test
  void aLiveVideoAt30FpsIsSummarisedWithEveryFrameScreenedOrDropped() throws Exception {
    CaseData data = CaseData.at(HOME, System.out);
    String feed = "procedure-" + UUID.randomUUID();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(List.of(new NewTopic(Topics.FRAMES, 2, (short) 1),
          new NewTopic(Topics.RESULTS, 2, (short) 1), new NewTopic(Topics.SUMMARIES, 2, (short) 1),
          new NewTopic(Topics.FRAMES_DLQ, 1, (short) 1)));
      Vertx vertx = Vertx.vertx();
      Worker worker = Worker.start(vertx, WorkerConfig.defaults()
              .with(WorkerConfig.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers())
              .with(WorkerConfig.modelKey("medic-cls", WorkerConfig.MODEL_DIR),
                  HOME.resolve("models/medic-cls/1").toString())
              .with(WorkerConfig.modelKey("medic-seg", WorkerConfig.MODEL_DIR),
                  HOME.resolve("models/medic-seg/1").toString()))
          .toCompletionStage().toCompletableFuture().get(3, TimeUnit.MINUTES);
      try (Summarizer summarizer = Summarizer.start(
              SummariesConfig.defaults(kafka.bootstrapServers(), state));
          SummaryWatch watch = new SummaryWatch(kafka.bootstrapServers(), feed)) {
        assertTrue(summarizer.awaitRunning(PATIENCE));

        SendReport sent = CaseSend.video(kafka.bootstrapServers(), "t", feed, data.clip(), 30,
            System.out);
        watch.await(PATIENCE);
        List<Summary> summaries = watch.linger(Duration.ofSeconds(3));

        summaries.forEach(s -> System.out.println(SummaryLines.of(s)));
        assertEquals(1, summaries.size(), "one summary per procedure");
        Summary s = summaries.get(0);
        assertEquals(CaseKind.PROCEDURE, s.getKind());
        assertEquals(ClosedBy.ALL_ANSWERED, s.getClosedBy(), "the last frame closed it");
        assertEquals(96, sent.sent(), "the clip has the cine's 96 frames");
        assertEquals(sent.sent(), s.getFramesSent());
        assertEquals(sent.sent(), s.getFramesScreened() + s.getFramesDroppedStale()
            + s.getFramesDroppedDeadline(), "screened + dropped = sent");
        assertEquals(0, s.getFramesUnanswered());
        assertTrue(s.getFramesScreened() > 0);
        long spanMs = s.getTimings().getLastCaptureTime().toEpochMilli()
            - s.getTimings().getFirstCaptureTime().toEpochMilli();
        assertEquals(95 * 1000 / 30, spanMs, 2, "capture times 1/30 s apart");
      } finally {
        worker.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
        vertx.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
      }
    }
  }
}
