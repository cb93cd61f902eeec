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
import java.util.function.Predicate;
import org.screening.schemas.v1.Task;

/**
 * The checker: every frame the pipeline accepted (Kafka acknowledged it, or the gateway answered
 * 202), the results each client was handed for it, and the dead letters. A frame is lost when,
 * at the end, it lacks a requested result and is not a dead letter; a duplicate is the same
 * frame and task handed twice to the client watching its feed. Thread-safe.
 */
final class DeliveryLedger {

  /**
   * Where an accepted frame went: its feed, and where Kafka put it (partition and offset -1 for
   * frames that came in over HTTP, whose answer does not say).
   */
  record Placement(String feed, int partition, long offset) {
    static Placement feed(String feed) {
      return new Placement(feed, -1, -1);
    }
  }

  /** One result event at a client: which task, which worker made it. */
  private record Delivery(Task task, String worker) {}

  /** A frame accepted by the pipeline: when, what it asked for, what its client received. */
  private static final class Frame {
    final long acceptedNanos;
    final Set<Task> requested;
    final Placement placement;
    final Map<Task, AtomicInteger> delivered = new ConcurrentHashMap<>();
    /** The worker of the first result for each task: a redelivered frame names its new worker. */
    final Map<Task, String> workers = new ConcurrentHashMap<>();
    volatile long completedNanos;

    Frame(long acceptedNanos, Set<Task> requested, Placement placement) {
      this.acceptedNanos = acceptedNanos;
      this.requested = EnumSet.copyOf(requested);
      this.placement = placement;
    }

    boolean complete() {
      return delivered.keySet().containsAll(requested);
    }
  }

  private final Map<String, Frame> frames = new ConcurrentHashMap<>();
  private final Map<String, List<Delivery>> unclaimed = new ConcurrentHashMap<>();
  private final Set<String> deadLetters = ConcurrentHashMap.newKeySet();
  private final AtomicLong shed = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong unanswered = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private volatile long faultNanos = -1;
  private volatile Set<String> onFailedComponent = Set.of();

  synchronized void accepted(String frameId, Set<Task> tasks, Placement placement) {
    accepted(frameId, tasks, placement, System.nanoTime());
  }

  /**
   * A frame accepted now that its sender handed over at {@code sentNanos}: a producer may hold a
   * frame for as long as the broker is away, and the frame waits from the moment it was sent.
   */
  synchronized void accepted(String frameId, Set<Task> tasks, Placement placement,
      long sentNanos) {
    frames.put(frameId, new Frame(sentNanos, tasks, placement));
    List<Delivery> early = unclaimed.remove(frameId);
    if (early != null) {
      early.forEach(d -> delivered(frameId, d.task(), d.worker()));
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
   * An upload that never got an answer, though it was tried on every node with the same
   * idempotency key: its sender cannot tell whether the frame is on its way. If it was
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
  synchronized void delivered(String frameId, Task task, String worker) {
    Frame frame = frames.get(frameId);
    if (frame == null) {
      unclaimed.computeIfAbsent(frameId, id -> new CopyOnWriteArrayList<>())
          .add(new Delivery(task, worker));
      return;
    }
    boolean wasComplete = frame.complete();
    frame.delivered.computeIfAbsent(task, t -> new AtomicInteger()).incrementAndGet();
    frame.workers.putIfAbsent(task, worker);
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

  /**
   * Marks the moment of the fault. Until a scenario says more precisely which frames were on the
   * failed component ({@link #onFailedComponent}), those are the frames accepted and not yet
   * complete now: every one of them still needed the component that failed.
   */
  void fault() {
    faultNanos = System.nanoTime();
    Set<String> held = ConcurrentHashMap.newKeySet();
    frames.forEach((id, frame) -> {
      if (!frame.complete()) {
        held.add(id);
      }
    });
    onFailedComponent = held;
  }

  /**
   * Names the frames that were on the failed component: those accepted before {@code
   * untilNanos} (the fault, or the moment the component came back), not yet complete at the
   * fault, whose placement passes {@code test} (a killed worker's partitions past their
   * committed offsets, the feeds watched through a frozen node).
   */
  void onFailedComponent(Predicate<Placement> test, long untilNanos) {
    Set<String> held = ConcurrentHashMap.newKeySet();
    frames.forEach((id, frame) -> {
      boolean openAtFault = frame.completedNanos == 0 || frame.completedNanos > faultNanos;
      if (frame.acceptedNanos <= untilNanos && openAtFault && test.test(frame.placement)) {
        held.add(id);
      }
    });
    onFailedComponent = held;
  }

  /** When the fault was marked ({@link System#nanoTime}). */
  long faultNanos() {
    return faultNanos;
  }

  /** How many frames on the failed component got their first result from {@code worker}. */
  long failedComponentFramesServedBy(String worker) {
    return onFailedComponent.stream().map(frames::get)
        .filter(frame -> frame.workers.containsValue(worker)).count();
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

  /** Frames whose results reached a client though their sender never learned their ids. */
  long unclaimedFrames() {
    return unclaimed.size();
  }

  /** Frames accepted and still owed results (dead letters aside); cheap enough to poll. */
  long inFlight() {
    return frames.size() - completed.get() - deadLetters.size();
  }

  /** Frames accepted and still owed results (dead letters aside) whose placement passes {@code test}. */
  long inFlight(Predicate<Placement> test) {
    return frames.entrySet().stream().filter(e -> !e.getValue().complete()
        && !deadLetters.contains(e.getKey()) && test.test(e.getValue().placement)).count();
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
    long recoveryFrames = onFailedComponent.stream().filter(id -> !deadLetters.contains(id))
        .count();
    return new Verdict(frames.size(), results, outstanding(), duplicates, unanswered.get(),
        deadLetters.size(), recoverySeconds(), recoveryFrames);
  }

  /**
   * Seconds from the fault until the last frame on the failed component had all its results
   * (or -1 if one never did); 0 when none was there. Frames dead-lettered do not count.
   */
  private double recoverySeconds() {
    if (faultNanos < 0) {
      return 0;
    }
    long last = faultNanos;
    for (String id : onFailedComponent) {
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
  record Verdict(long sent, long results, long lost, long duplicatesDelivered,
      long uploadsUnanswered, long deadLetters, double recoverySeconds, long recoveryFrames) {}
}
