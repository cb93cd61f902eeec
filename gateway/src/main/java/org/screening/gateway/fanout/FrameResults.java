package org.screening.gateway.fanout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results this node has read, by frame, for {@code GET /v1/frames/{id}/results}. Every node
 * reads every result, so any node can answer for frames whose results arrived since it started;
 * the frames heard from least recently are forgotten first.
 */
final class FrameResults {

  private final Map<String, List<ResultEvent>> frames;

  FrameResults(int capacity) {
    this.frames = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, List<ResultEvent>> eldest) {
        return size() > capacity;
      }
    };
  }

  void add(ResultEvent event) {
    frames.computeIfAbsent(event.frameId(), id -> new ArrayList<>()).add(event);
  }

  List<ResultEvent> of(String frameId) {
    return frames.getOrDefault(frameId, List.of());
  }
}
