package org.screening.gateway.fanout;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last result keys seen, least recently seen forgotten first: a redelivered result (a worker
 * re-ran a frame after a crash, with the same deterministic key) is recognised and dropped.
 */
final class RecentKeys {

  private final Map<String, Boolean> keys;

  RecentKeys(int capacity) {
    this.keys = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  /** True the first time {@code key} is offered (within the capacity's memory). */
  boolean firstSighting(String key) {
    return keys.put(key, Boolean.TRUE) == null;
  }
}
