package org.screening.workers.batching;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * One model's queue and its batching rules, without threads or timers (the caller passes the
 * time), so the rules can be tested exactly:
 *
 * <ul>
 *   <li>{@code maxBatchSize} frames queued: a full batch goes at once;
 *   <li>otherwise, if a preferred size can be formed, the largest one goes at once;
 *   <li>otherwise, once the oldest frame has waited {@code maxQueueDelay}, whatever is queued goes.
 * </ul>
 *
 * <p>A LIVE frame queued while an older LIVE frame of its feed still waits replaces it in its
 * place in line (the replaced frame's wait counts, so a busy feed cannot keep itself from ever
 * being dispatched); the replaced frame is handed back to be reported. BATCH frames never leave
 * the queue except in a batch. Not thread-safe: one event loop owns it.
 */
public final class MicroBatcher<T extends Batchable> {

  private final BatchingPolicy policy;
  private final LinkedList<Entry<T>> queue = new LinkedList<>();
  private final Map<String, Entry<T>> liveByFeed = new HashMap<>();

  public MicroBatcher(BatchingPolicy policy) {
    this.policy = policy;
  }

  /**
   * Queues {@code item}, or supersedes: the returned frame is out of the queue, and is either
   * an older queued LIVE frame of the feed or, if the queued one is newer, {@code item} itself.
   *
   * @throws IllegalStateException when the queue is at capacity, which the consumer's
   *     back-pressure rules out (see {@code queue.maxSize})
   */
  public Optional<Superseded<T>> offer(T item, long nowNanos) {
    if (item.live()) {
      Entry<T> queued = liveByFeed.get(item.feedKey());
      if (queued != null) {
        if (queued.item.sequence() > item.sequence()) {
          return Optional.of(new Superseded<>(item, queued.item));
        }
        T old = queued.item;
        queued.item = item;
        return Optional.of(new Superseded<>(old, item));
      }
    }
    if (queue.size() >= policy.capacity()) {
      throw new IllegalStateException("Batch queue full at " + policy.capacity()
          + " frames: the consumer should have paused its partitions well before");
    }
    Entry<T> entry = new Entry<>(item, nowNanos);
    queue.addLast(entry);
    if (item.live()) {
      liveByFeed.put(item.feedKey(), entry);
    }
    return Optional.empty();
  }

  /** The batch the rules dispatch at {@code nowNanos}; empty when it is better to wait. */
  public List<T> takeReady(long nowNanos) {
    int queued = queue.size();
    if (queued == 0) {
      return List.of();
    }
    if (queued >= policy.maxBatchSize()) {
      return take(policy.maxBatchSize());
    }
    int preferred = policy.largestPreferredAtMost(queued);
    if (preferred > 0) {
      return take(preferred);
    }
    if (nowNanos - queue.getFirst().enqueuedNanos >= policy.maxQueueDelayNanos()) {
      return take(queued);
    }
    return List.of();
  }

  /** Up to {@code maxBatchSize} frames regardless of the rules: for draining at shutdown. */
  public List<T> takeNow() {
    return take(Math.min(queue.size(), policy.maxBatchSize()));
  }

  /** When the oldest frame's delay runs out, if anything is queued. */
  public OptionalLong nextDueNanos() {
    return queue.isEmpty() ? OptionalLong.empty()
        : OptionalLong.of(queue.getFirst().enqueuedNanos + policy.maxQueueDelayNanos());
  }

  /** Takes every queued frame that matches, e.g. those of revoked partitions. */
  public List<T> removeIf(Predicate<T> filter) {
    List<T> removed = new ArrayList<>();
    for (Iterator<Entry<T>> it = queue.iterator(); it.hasNext(); ) {
      Entry<T> entry = it.next();
      if (filter.test(entry.item)) {
        it.remove();
        forget(entry);
        removed.add(entry.item);
      }
    }
    return removed;
  }

  public int size() {
    return queue.size();
  }

  private List<T> take(int count) {
    List<T> batch = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Entry<T> entry = queue.removeFirst();
      forget(entry);
      batch.add(entry.item);
    }
    return batch;
  }

  private void forget(Entry<T> entry) {
    if (entry.item.live()) {
      liveByFeed.remove(entry.item.feedKey(), entry);
    }
  }

  /** A place in line; the item changes when a newer LIVE frame of the feed takes the place. */
  private static final class Entry<T> {
    private T item;
    private final long enqueuedNanos;

    Entry(T item, long enqueuedNanos) {
      this.item = item;
      this.enqueuedNanos = enqueuedNanos;
    }
  }
}
