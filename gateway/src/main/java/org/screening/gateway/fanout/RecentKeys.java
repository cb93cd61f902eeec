package org.screening.gateway.fanout;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last result keys seen, with where each was first seen, least recently seen forgotten
 * first: a redelivered result (a worker re-ran a frame after a crash, with the same
 * deterministic key) is recognised and dropped, live or in a replay read from the topic.
 */
final class RecentKeys {

  private final Map<String, EventId> keys;

  RecentKeys(int capacity) {
    this.keys = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, EventId> eldest) {
        return size() > capacity;
      }
    };
  }

  /** True the first time {@code key} is offered (within the capacity's memory), at {@code at}. */
  boolean firstSighting(String key, EventId at) {
    return keys.putIfAbsent(key, at) == null;
  }

  /** Where {@code key} was first seen, or null if it is not remembered. */
  EventId firstSeenAt(String key) {
    return keys.get(key);
  }
}
