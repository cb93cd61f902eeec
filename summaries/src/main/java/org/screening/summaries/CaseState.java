package org.screening.summaries;

/**
 * One feed's running totals while its case is open, and a closed marker after its summary. Stored
 * as JSON under the feed id. Counts are of complete entries (frame and result both read), so the
 * order in which the two topics are read does not matter.
 *
 * @param expected frames the case waits for: the slide's announced tile count, or the last
 *     frame's sequence + 1 once the producer closed the feed; -1 while unknown
 * @param lastActivityMillis wall clock of the last record of the feed, for the idle timeout
 * @param closedAtMillis when the summary was written; 0 while open
 */
record CaseState(String tenant, SlideInfo slide, long expected, long framesSeen,
    long complete, String model, long lastActivityMillis, long closedAtMillis) {

  /** The slide a feed's tiles announce (from the first tile read). */
  record SlideInfo(String slideId, int level, int slideWidth, int slideHeight, int tilesTotal,
      int tilesSkipped) {}

  static CaseState open(String tenant, long now) {
    return new CaseState(tenant, null, -1, 0, 0, null, now, 0);
  }

  boolean closed() {
    return closedAtMillis > 0;
  }

  boolean due() {
    return expected >= 0 && complete >= expected;
  }

  CaseState withSlide(SlideInfo info) {
    return new CaseState(tenant, info, info.tilesTotal(), framesSeen, complete, model,
        lastActivityMillis, closedAtMillis);
  }

  CaseState withExpected(long frames) {
    return new CaseState(tenant, slide, frames, framesSeen, complete, model, lastActivityMillis,
        closedAtMillis);
  }

  CaseState counted(boolean newFrame, boolean nowComplete, String resultModel, long now) {
    return new CaseState(tenant, slide, expected, framesSeen + (newFrame ? 1 : 0),
        complete + (nowComplete ? 1 : 0), resultModel != null ? resultModel : model, now,
        closedAtMillis);
  }

  CaseState closedAt(long now) {
    return new CaseState(tenant, null, expected, framesSeen, complete, model, now, now);
  }
}
