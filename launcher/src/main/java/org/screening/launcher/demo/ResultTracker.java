package org.screening.launcher.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Task;

/**
 * What the demo knows about each frame it sent: the tasks still owed, and the latency from send
 * to the arrival of its last result. Thread-safe: the replayer, the results consumer and the
 * progress printer share it.
 */
final class ResultTracker {

  /** A frame still owed results: when it was sent and which tasks are outstanding. */
  private record Pending(long sentNanos, Set<Task> owed) {}

  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final List<Double> latenciesMs = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong classified = new AtomicLong();
  private final AtomicLong segmented = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong deadLetters = new AtomicLong();
  private final Set<String> seenResultKeys = ConcurrentHashMap.newKeySet();

  void sent(Frame frame, long sentNanos) {
    Set<Task> owed = ConcurrentHashMap.newKeySet();
    owed.addAll(frame.getTasks());
    pending.put(frame.getFrameId(), new Pending(sentNanos, owed));
    sent.incrementAndGet();
  }

  void result(Result result, long nowNanos) {
    if (!seenResultKeys.add(result.getResultKey())) {
      duplicates.incrementAndGet();
      return;
    }
    Pending p = pending.get(result.getFrameId());
    if (p == null || !p.owed().remove(result.getTask())) {
      return;
    }
    if (result.getClassification() != null) {
      classified.incrementAndGet();
    }
    if (result.getSegmentation() != null) {
      segmented.incrementAndGet();
    }
    if (p.owed().isEmpty()) {
      pending.remove(result.getFrameId());
      latenciesMs.add((nowNanos - p.sentNanos()) / 1e6);
    }
  }

  /** A frame the pipeline refused: it is accounted for, though it gets no result. */
  void deadLetter(String frameId) {
    deadLetters.incrementAndGet();
    if (frameId != null) {
      pending.remove(frameId);
    }
  }

  long sent() {
    return sent.get();
  }

  long inFlight() {
    return pending.size();
  }

  long completed() {
    return latenciesMs.size();
  }

  /** Counts and latency percentiles as of now. */
  Snapshot snapshot() {
    List<Double> sorted;
    synchronized (latenciesMs) {
      sorted = new ArrayList<>(latenciesMs);
    }
    Collections.sort(sorted);
    return new Snapshot(sent.get(), classified.get(), segmented.get(), deadLetters.get(),
        duplicates.get(), pending.size(), percentile(sorted, 0.50), percentile(sorted, 0.99));
  }

  /** One reading of the tracker; {@code inFlight} frames are still owed a result. */
  record Snapshot(long frames, long classified, long segmented, long deadLetters,
      long duplicates, long inFlight, double p50Ms, double p99Ms) {}

  private static double percentile(List<Double> sorted, double q) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int index = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
