package org.screening.launcher.demo;

import java.util.stream.Collectors;
import org.screening.schemas.v1.PositiveSpan;
import org.screening.schemas.v1.SlideSummary;
import org.screening.schemas.v1.Summary;
import org.screening.schemas.v1.TileScore;

/** A case summary as the lines the demo prints; each carries the word "summary". */
public final class SummaryLines {

  private SummaryLines() {}

  public static String of(Summary s) {
    String common = String.format("closed by %s, model %s, end-to-end p50 %.0f ms p99 %.0f ms",
        s.getClosedBy(), s.getModel(), s.getTimings().getEndToEndP50Ms(),
        s.getTimings().getEndToEndP99Ms());
    if (s.getSlide() != null) {
      SlideSummary slide = s.getSlide();
      String top = slide.getTopTiles().stream().limit(3).map(SummaryLines::tile)
          .collect(Collectors.joining(", "));
      return String.format("summary slide: score %.3f (mean of top %d tiles), tiles screened "
              + "%d of %d announced, %d skipped as background, most suspicious %s, heat-map "
              + "%dx%d PNG (%d bytes), %s", slide.getScore(), slide.getTopK(),
          slide.getTilesScreened(), slide.getTilesAnnounced(), slide.getTilesSkipped(), top,
          slide.getHeatmapWidth(), slide.getHeatmapHeight(), slide.getHeatmapPng().remaining(),
          common);
    }
    String spans = s.getProcedure().getPositiveSpans().stream().limit(5)
        .map(SummaryLines::span).collect(Collectors.joining(", "));
    return String.format("summary procedure: frames sent %d, screened %d, dropped stale %d, "
            + "dropped past deadline %d, unanswered %d, max score %.3f, %d positive spans "
            + "(score >= %.2f)%s, %s", s.getFramesSent(), s.getFramesScreened(),
        s.getFramesDroppedStale(), s.getFramesDroppedDeadline(), s.getFramesUnanswered(),
        s.getMaxScore(), s.getProcedure().getPositiveSpans().size(),
        s.getProcedure().getPositiveThreshold(), spans.isEmpty() ? "" : ": " + spans, common);
  }

  private static String tile(TileScore t) {
    return String.format("(%d,%d) %.3f", t.getX(), t.getY(), t.getScore());
  }

  private static String span(PositiveSpan p) {
    return String.format("frames %d-%d over %.2f s peak %.3f", p.getFirstSequence(),
        p.getLastSequence(),
        (p.getEndTime().toEpochMilli() - p.getStartTime().toEpochMilli()) / 1000.0,
        p.getPeakScore());
  }
}
