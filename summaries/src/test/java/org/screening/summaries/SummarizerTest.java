package org.screening.summaries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.broker.EmbeddedKafka;
import org.screening.schemas.v1.CaseKind;
import org.screening.schemas.v1.ClosedBy;
import org.screening.schemas.v1.PositiveSpan;
import org.screening.schemas.v1.Summary;

/** The summaries role on a real broker: frames and results in, one summary per case out. */
class SummarizerTest {

  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static EmbeddedKafka kafka;

  @TempDir
  Path state;

  @BeforeAll
  static void broker() {
    kafka = EmbeddedKafka.start();
    CaseFeeds.createTopics(kafka);
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  private Summarizer start(SummariesConfig config) throws InterruptedException {
    Summarizer summarizer = Summarizer.start(config);
    assertTrue(summarizer.awaitRunning(DEADLINE), "the summarizer did not start");
    return summarizer;
  }

  private SummariesConfig config() {
    return SummariesConfig.defaults(kafka.bootstrapServers(), state)
        .withApplicationId("summaries-" + UUID.randomUUID())
        .withScoring(2, "suspicious", 0.5f);
  }

  @Test
  void aSlideIsSummarisedOnceWhenEveryAnnouncedTileHasAResult() throws Exception {
    String feed = "slide-" + UUID.randomUUID();
    float[] scores = {0.1f, 0.9f, 0.3f, 0.7f, 0.2f, 0.05f};
    try (Summarizer summarizer = start(config()); CaseFeeds feeds = new CaseFeeds(kafka)) {
      List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5));
      Collections.shuffle(order, new Random(7));
      for (int i = 0; i < scores.length; i++) {
        feeds.send(CaseFeeds.frame(feed, i, CaseFeeds.tile(i % 4, i / 4, scores.length), false));
      }
      for (int i : order) {
        feeds.send(CaseFeeds.screened(feed, i, scores[i]));
        feeds.send(CaseFeeds.screened(feed, i, scores[i])); // a worker's redelivery
      }
      feeds.flush();

      List<Summary> summaries = feeds.summaries(feed, 1, DEADLINE);

      assertEquals(1, summaries.size(), "one summary per slide");
      Summary s = summaries.get(0);
      assertEquals(CaseKind.SLIDE, s.getKind());
      assertEquals(ClosedBy.ALL_ANSWERED, s.getClosedBy());
      assertEquals(6, s.getSlide().getTilesAnnounced());
      assertEquals(6, s.getSlide().getTilesScreened());
      assertEquals(6, s.getSlide().getTilesSkipped());
      assertEquals(0.8f, s.getSlide().getScore(), 1e-6);
      assertEquals(List.of(1L, 3L), s.getSlide().getTopTiles().stream()
          .map(t -> t.getSequence()).toList());
      assertEquals(100, s.getSlide().getTopTiles().get(0).getX());
      BufferedImage heat = ImageIO.read(new ByteArrayInputStream(
          s.getSlide().getHeatmapPng().array()));
      assertEquals(4, heat.getWidth());
      assertEquals(3, heat.getHeight());
      assertEquals(1 + Math.round(0.9f * 254), heat.getRaster().getSample(1, 0, 0));
      assertEquals(0, heat.getRaster().getSample(3, 2, 0), "no tile there: background");
    }
  }

  @Test
  void aClosedProcedureCountsEveryFrameAndItsPositiveSpans() throws Exception {
    String feed = "tower-" + UUID.randomUUID();
    float[] scores = {0.1f, 0.8f, 0.9f, -1, 0.6f, 0.2f, 0.7f, 0.1f, -1, 0.4f};
    try (Summarizer summarizer = start(config()); CaseFeeds feeds = new CaseFeeds(kafka)) {
      for (int i = 0; i < scores.length; i++) {
        feeds.send(CaseFeeds.frame(feed, i, null, i == scores.length - 1));
        feeds.send(scores[i] < 0 ? CaseFeeds.dropped(feed, i, "dropped_stale")
            : CaseFeeds.screened(feed, i, scores[i]));
      }
      feeds.flush();

      List<Summary> summaries = feeds.summaries(feed, 1, DEADLINE);

      assertEquals(1, summaries.size());
      Summary s = summaries.get(0);
      assertEquals(CaseKind.PROCEDURE, s.getKind());
      assertEquals(ClosedBy.ALL_ANSWERED, s.getClosedBy());
      assertEquals(10, s.getFramesSent());
      assertEquals(8, s.getFramesScreened());
      assertEquals(2, s.getFramesDroppedStale());
      assertEquals(s.getFramesSent(), s.getFramesScreened() + s.getFramesDroppedStale());
      assertEquals(0.9f, s.getMaxScore(), 1e-6);
      List<PositiveSpan> spans = s.getProcedure().getPositiveSpans();
      assertEquals(2, spans.size(), "a dropped frame does not break a span; a negative one does");
      assertEquals(1, spans.get(0).getFirstSequence());
      assertEquals(4, spans.get(0).getLastSequence());
      assertEquals(3, spans.get(0).getFrames());
      assertEquals(0.9f, spans.get(0).getPeakScore(), 1e-6);
      assertEquals(6, spans.get(1).getFirstSequence());
      assertEquals(6, spans.get(1).getLastSequence());
    }
  }

  @Test
  void anIdleFeedIsSummarisedWithWhatItLacks() throws Exception {
    String feed = "tower-" + UUID.randomUUID();
    SummariesConfig config = config().withIdleTimeout(Duration.ofSeconds(2));
    try (Summarizer summarizer = start(config); CaseFeeds feeds = new CaseFeeds(kafka)) {
      for (int i = 0; i < 4; i++) {
        feeds.send(CaseFeeds.frame(feed, i, null, false));
      }
      feeds.send(CaseFeeds.screened(feed, 0, 0.2f));
      feeds.send(CaseFeeds.screened(feed, 1, 0.3f));
      feeds.flush();

      List<Summary> summaries = feeds.summaries(feed, 1, DEADLINE);

      assertEquals(1, summaries.size());
      Summary s = summaries.get(0);
      assertEquals(ClosedBy.IDLE, s.getClosedBy());
      assertEquals(4, s.getFramesSent());
      assertEquals(2, s.getFramesScreened());
      assertEquals(2, s.getFramesUnanswered());
    }
  }
}
