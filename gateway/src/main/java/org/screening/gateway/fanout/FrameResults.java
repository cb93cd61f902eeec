package org.screening.gateway.fanout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this node has read about each frame, for {@code GET /v1/frames/{id}/results}: its
 * results, or its dead letter. Every node reads every result and dead letter, so any node can
 * answer for frames heard from since it started; those heard from least recently are forgotten
 * first.
 */
final class FrameResults {

  /** One frame's outcome so far. */
  static final class Outcome {
    final List<ResultEvent> results = new ArrayList<>();
    DeadLetterEvent deadLetter;
    /** Where the frame lies on Kafka, from the first of its results that said so. */
    FramePosition position;
  }

  private static final Outcome NOTHING = new Outcome();

  private final Map<String, Outcome> frames;

  FrameResults(int capacity) {
    this.frames = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Outcome> eldest) {
        return size() > capacity;
      }
    };
  }

  void add(ResultEvent event, FramePosition position) {
    Outcome outcome = frames.computeIfAbsent(event.frameId(), id -> new Outcome());
    outcome.results.add(event);
    if (outcome.position == null) {
      outcome.position = position;
    }
  }

  void deadLetter(DeadLetterEvent event) {
    frames.computeIfAbsent(event.frameId(), id -> new Outcome()).deadLetter = event;
  }

  /** The frame's outcome; an empty one when nothing is known. Do not modify. */
  Outcome of(String frameId) {
    return frames.getOrDefault(frameId, NOTHING);
  }
}
