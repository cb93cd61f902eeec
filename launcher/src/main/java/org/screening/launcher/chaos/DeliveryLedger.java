package org.screening.launcher.chaos;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.screening.schemas.v1.Task;

/**
 * The checker: every frame the pipeline accepted (Kafka acknowledged it, or the gateway answered
 * 202), the results each client was handed for it, and the dead letters. A frame is lost when,
 * at the end, it lacks a requested result and is not a dead letter; a duplicate is the same
 * frame and task handed twice to the client watching its feed. Thread-safe.
 */
final class DeliveryLedger {

  /** A frame accepted by the pipeline: when, what it asked for, what its client received. */
  private static final class Frame {
    final long acceptedNanos;
    final Set<Task> requested;
    final Map<Task, AtomicInteger> delivered = new ConcurrentHashMap<>();
    volatile long completedNanos;

    Frame(long acceptedNanos, Set<Task> requested) {
      this.acceptedNanos = acceptedNanos;
      this.requested = EnumSet.copyOf(requested);
    }

    boolean complete() {
      return delivered.keySet().containsAll(requested);
    }
  }

  private final Map<String, Frame> frames = new ConcurrentHashMap<>();
  private final Map<String, List<Task>> unclaimed = new ConcurrentHashMap<>();
  private final Set<String> deadLetters = ConcurrentHashMap.newKeySet();
  private final AtomicLong shed = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong unanswered = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private volatile long faultNanos = -1;
  private volatile Set<String> inFlightAtFault = Set.of();

  synchronized void accepted(String frameId, Set<Task> tasks) {
    frames.put(frameId, new Frame(System.nanoTime(), tasks));
    List<Task> early = unclaimed.remove(frameId);
    if (early != null) {
      early.forEach(task -> delivered(frameId, task));
    }
  }

  /** A frame the gateway refused with 429: never accepted, so neither sent nor lost. */
  void shed() {
    shed.incrementAndGet();
  }

  /** A frame refused otherwise (connection refused, 503): not accepted either. */
  void refused() {
    refused.incrementAndGet();
  }

  /**
   * An upload whose connection broke after the request went out: the frame may or may not be
   * on its way, and its sender cannot tell, so it is neither sent nor refused. If it was
   * accepted, its results arrive as {@link #unclaimedFrames unclaimed}.
   */
  void unanswered() {
    unanswered.incrementAndGet();
  }

  /**
   * A result event handed to a client. One for a frame not known yet is kept aside: its result
   * may overtake the sender's acknowledgement, or its HTTP answer was lost with its gateway (the
   * frame is on Kafka but the sender never learned its id, so it was never counted as sent).
   */
  synchronized void delivered(String frameId, Task task) {
    Frame frame = frames.get(frameId);
    if (frame == null) {
      unclaimed.computeIfAbsent(frameId, id -> new CopyOnWriteArrayList<>()).add(task);
      return;
    }
    boolean wasComplete = frame.complete();
    frame.delivered.computeIfAbsent(task, t -> new AtomicInteger()).incrementAndGet();
    if (!wasComplete && frame.complete()) {
      frame.completedNanos = System.nanoTime();
      completed.incrementAndGet();
    }
  }

  void deadLetter(String frameId) {
    if (frames.containsKey(frameId)) {
      deadLetters.add(frameId);
    }
  }

  /** Marks the moment of the fault: frames accepted and not complete now are its hostages. */
  void fault() {
    faultNanos = System.nanoTime();
    Set<String> hostages = ConcurrentHashMap.newKeySet();
    frames.forEach((id, frame) -> {
      if (!frame.complete()) {
        hostages.add(id);
      }
    });
    inFlightAtFault = hostages;
  }

  long accepted() {
    return frames.size();
  }

  long completed() {
    return completed.get();
  }

  long shedCount() {
    return shed.get();
  }

  long refusedCount() {
    return refused.get();
  }

  long unansweredCount() {
    return unanswered.get();
  }

  /** Frames whose results reached a client though their sender never learned their ids. */
  long unclaimedFrames() {
    return unclaimed.size();
  }

  /** Frames accepted and still owed results (dead letters aside); cheap enough to poll. */
  long inFlight() {
    return frames.size() - completed.get() - deadLetters.size();
  }

  /** Frames still owed a result that are not dead letters. */
  long outstanding() {
    return frames.entrySet().stream()
        .filter(e -> !e.getValue().complete() && !deadLetters.contains(e.getKey())).count();
  }

  /** The verdict as of now: call it once the run has stopped waiting. */
  Verdict verdict() {
    long results = 0;
    long duplicates = 0;
    for (Frame frame : frames.values()) {
      for (AtomicInteger count : frame.delivered.values()) {
        results++;
        duplicates += count.get() - 1;
      }
    }
    return new Verdict(frames.size(), results, outstanding(), duplicates, deadLetters.size(),
        recoverySeconds());
  }

  /**
   * Seconds from the fault until the last frame in flight at that moment had all its results
   * (or -1 if one never did); 0 when nothing was in flight. Frames dead-lettered do not count.
   */
  private double recoverySeconds() {
    if (faultNanos < 0) {
      return 0;
    }
    long last = faultNanos;
    for (String id : inFlightAtFault) {
      Frame frame = frames.get(id);
      if (deadLetters.contains(id)) {
        continue;
      }
      if (!frame.complete()) {
        return -1;
      }
      last = Math.max(last, frame.completedNanos);
    }
    return Math.round((last - faultNanos) / 1e7) / 100.0;
  }

  /**
   * The longest any frame waited from acceptance to its last result, in seconds (one still
   * waiting counts until now): the worst pause a feed saw, e.g. across a rebalance.
   */
  double longestWaitSeconds() {
    long now = System.nanoTime();
    long longest = 0;
    for (Frame frame : frames.values()) {
      long end = frame.complete() ? frame.completedNanos : now;
      longest = Math.max(longest, end - frame.acceptedNanos);
    }
    return Math.round(longest / 1e7) / 100.0;
  }

  /** Frames that waited longer than {@code bound} for their last result (or still wait). */
  long waitedLongerThan(Duration bound) {
    long now = System.nanoTime();
    return frames.values().stream()
        .filter(f -> (f.complete() ? f.completedNanos : now) - f.acceptedNanos > bound.toNanos())
        .count();
  }

  /** The counts a scenario reports. */
  record Verdict(long sent, long results, long lost, long duplicatesDelivered, long deadLetters,
      double recoverySeconds) {}
}
