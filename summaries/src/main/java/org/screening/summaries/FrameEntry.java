package org.screening.summaries;

/**
 * What the aggregator keeps about one frame of an open case, from its frame and from its
 * classification result, whichever arrives first. Stored as JSON under {@code feed/sequence}.
 *
 * @param frameSeen the frame itself was read (its capture time and tile are known)
 * @param outcome null until a result arrives
 */
record FrameEntry(long sequence, boolean frameSeen, long captureMillis, TileBox tile,
    Outcome outcome, float score, double endToEndMs, long producedMillis) {

  /** What became of a frame. */
  enum Outcome { SCREENED, DROPPED_STALE, DROPPED_DEADLINE }

  /** A tile's place on its slide, in pixels of the slide's level. */
  record TileBox(int x, int y, int width, int height) {}

  static FrameEntry empty(long sequence) {
    return new FrameEntry(sequence, false, 0, null, null, 0, 0, 0);
  }

  boolean answered() {
    return outcome != null;
  }

  boolean complete() {
    return frameSeen && answered();
  }

  FrameEntry withFrame(long capture, TileBox box) {
    return new FrameEntry(sequence, true, capture, box, outcome, score, endToEndMs,
        producedMillis);
  }

  FrameEntry withResult(Outcome result, float frameScore, double e2eMs, long produced) {
    return new FrameEntry(sequence, frameSeen, captureMillis, tile, result, frameScore, e2eMs,
        produced);
  }
}
