package org.screening.launcher.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo's verdict: every frame sent must have every requested result (or a dead letter that
 * says why not). {@code lost} counts frames with neither when the demo gave up waiting.
 */
record DemoSummary(long frames, long classified, long segmented, long deadLetters, long lost,
    long duplicates, double p50Ms, double p99Ms) {

  static DemoSummary of(ResultTracker.Snapshot s) {
    return new DemoSummary(s.frames(), s.classified(), s.segmented(), s.deadLetters(),
        s.inFlight(), s.duplicates(), s.p50Ms(), s.p99Ms());
  }

  /** True when each frame got both its classification and its segmentation. */
  boolean complete() {
    return lost == 0 && deadLetters == 0 && classified == frames && segmented == frames;
  }

  /** The summary as the one-line JSON object the demo prints last. */
  Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("frames", frames);
    json.put("classified", classified);
    json.put("segmented", segmented);
    json.put("dead_letters", deadLetters);
    json.put("lost", lost);
    json.put("duplicates_delivered", duplicates);
    json.put("p50_ms", Math.round(p50Ms * 10) / 10.0);
    json.put("p99_ms", Math.round(p99Ms * 10) / 10.0);
    return json;
  }
}
