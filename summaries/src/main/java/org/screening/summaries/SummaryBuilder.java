package org.screening.summaries;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.screening.schemas.v1.CaseKind;
import org.screening.schemas.v1.CaseTimings;
import org.screening.schemas.v1.ClosedBy;
import org.screening.schemas.v1.PositiveSpan;
import org.screening.schemas.v1.ProcedureSummary;
import org.screening.schemas.v1.SlideSummary;
import org.screening.schemas.v1.Summary;
import org.screening.schemas.v1.TileScore;
import org.screening.summaries.FrameEntry.Outcome;

/** Turns an open case's entries (in sequence order) into its {@code Summary}. */
final class SummaryBuilder {

  private final int topK;
  private final String scoreLabel;
  private final float positiveThreshold;

  SummaryBuilder(SummariesConfig config) {
    this.topK = config.topK();
    this.scoreLabel = config.scoreLabel();
    this.positiveThreshold = config.positiveThreshold();
  }

  Summary build(String feed, CaseState state, List<FrameEntry> entries, ClosedBy closedBy,
      Instant now) {
    List<FrameEntry> counted = closedBy == ClosedBy.ALL_ANSWERED && state.expected() >= 0
        ? entries.stream().filter(e -> e.sequence() < state.expected()).toList() : entries;
    long screened = count(counted, Outcome.SCREENED);
    List<FrameEntry> scored = counted.stream()
        .filter(e -> e.complete() && e.outcome() == Outcome.SCREENED).toList();
    long seen = Math.max(state.expected(), counted.stream().filter(FrameEntry::frameSeen).count());
    long answered = counted.stream().filter(FrameEntry::complete).count();
    Summary.Builder summary = Summary.newBuilder()
        .setTenant(state.tenant())
        .setFeedId(feed)
        .setKind(state.slide() != null ? CaseKind.SLIDE : CaseKind.PROCEDURE)
        .setClosedBy(closedBy)
        .setFramesSent(seen)
        .setFramesScreened(screened)
        .setFramesDroppedStale(count(counted, Outcome.DROPPED_STALE))
        .setFramesDroppedDeadline(count(counted, Outcome.DROPPED_DEADLINE))
        .setFramesUnanswered(seen - answered)
        .setModel(state.model())
        .setScoreLabel(scoreLabel)
        .setMaxScore((float) scored.stream().mapToDouble(FrameEntry::score).max().orElse(0))
        .setTimings(timings(counted, scored))
        .setProducedAt(now);
    if (state.slide() != null) {
      summary.setSlide(slide(state.slide(), scored));
    } else {
      summary.setProcedure(procedure(counted));
    }
    return summary.build();
  }

  private SlideSummary slide(CaseState.SlideInfo info, List<FrameEntry> scored) {
    List<FrameEntry> ranked = scored.stream()
        .sorted(Comparator.comparingDouble(FrameEntry::score).reversed()
            .thenComparingLong(FrameEntry::sequence))
        .toList();
    List<FrameEntry> top = ranked.subList(0, Math.min(topK, ranked.size()));
    int tileWidth = scored.stream().mapToInt(e -> e.tile().width()).max().orElse(1);
    int tileHeight = scored.stream().mapToInt(e -> e.tile().height()).max().orElse(1);
    HeatMap.Image heat = HeatMap.draw(info.slideWidth(), info.slideHeight(), tileWidth, tileHeight,
        scored.stream().map(e -> new HeatMap.Cell(e.tile(), e.score())).toList());
    return SlideSummary.newBuilder()
        .setSlideId(info.slideId())
        .setLevel(info.level())
        .setSlideWidth(info.slideWidth())
        .setSlideHeight(info.slideHeight())
        .setTilesAnnounced(info.tilesTotal())
        .setTilesScreened(scored.size())
        .setTilesSkipped(info.tilesSkipped())
        .setScore((float) top.stream().mapToDouble(FrameEntry::score).average().orElse(0))
        .setTopK(top.size())
        .setTopTiles(top.stream().map(e -> TileScore.newBuilder()
            .setSequence(e.sequence()).setX(e.tile().x()).setY(e.tile().y())
            .setWidth(e.tile().width()).setHeight(e.tile().height()).setScore(e.score())
            .build()).toList())
        .setHeatmapPng(ByteBuffer.wrap(heat.png()))
        .setHeatmapWidth(heat.columns())
        .setHeatmapHeight(heat.rows())
        .build();
  }

  private ProcedureSummary procedure(List<FrameEntry> entries) {
    List<PositiveSpan> spans = new ArrayList<>();
    PositiveSpan.Builder open = null;
    for (FrameEntry e : entries) {
      if (!e.complete() || e.outcome() != Outcome.SCREENED) {
        continue; // a dropped or unanswered frame says nothing either way
      }
      if (e.score() >= positiveThreshold) {
        if (open == null) {
          open = PositiveSpan.newBuilder().setFirstSequence(e.sequence())
              .setStartTime(Instant.ofEpochMilli(e.captureMillis())).setFrames(0).setPeakScore(0);
        }
        open.setLastSequence(e.sequence()).setEndTime(Instant.ofEpochMilli(e.captureMillis()))
            .setFrames(open.getFrames() + 1)
            .setPeakScore(Math.max(open.getPeakScore(), e.score()));
      } else if (open != null) {
        spans.add(open.build());
        open = null;
      }
    }
    if (open != null) {
      spans.add(open.build());
    }
    return ProcedureSummary.newBuilder().setPositiveThreshold(positiveThreshold)
        .setPositiveSpans(spans).build();
  }

  private static CaseTimings timings(List<FrameEntry> entries, List<FrameEntry> scored) {
    long firstCapture = entries.stream().filter(FrameEntry::frameSeen)
        .mapToLong(FrameEntry::captureMillis).min().orElse(0);
    long lastCapture = entries.stream().filter(FrameEntry::frameSeen)
        .mapToLong(FrameEntry::captureMillis).max().orElse(0);
    long lastResult = entries.stream().filter(FrameEntry::answered)
        .mapToLong(FrameEntry::producedMillis).max().orElse(0);
    double[] latencies = scored.stream().mapToDouble(FrameEntry::endToEndMs).sorted().toArray();
    return CaseTimings.newBuilder()
        .setFirstCaptureTime(Instant.ofEpochMilli(firstCapture))
        .setLastCaptureTime(Instant.ofEpochMilli(lastCapture))
        .setLastResultTime(Instant.ofEpochMilli(lastResult))
        .setEndToEndP50Ms(percentile(latencies, 0.50))
        .setEndToEndP99Ms(percentile(latencies, 0.99))
        .setEndToEndMaxMs(latencies.length == 0 ? 0 : latencies[latencies.length - 1])
        .build();
  }

  private static long count(List<FrameEntry> entries, Outcome outcome) {
    return entries.stream().filter(e -> e.complete() && e.outcome() == outcome).count();
  }

  private static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
