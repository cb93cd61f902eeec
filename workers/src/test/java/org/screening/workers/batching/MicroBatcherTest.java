package org.screening.workers.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

  private static final long MS = 1_000_000;

  private record Item(String name, String feedKey, long sequence, boolean live)
      implements Batchable {}

  private static Item batch(String name) {
    return new Item(name, "feed-" + name, 0, false);
  }

  private static Item live(String name, String feed, long sequence) {
    return new Item(name, feed, sequence, true);
  }

  private static MicroBatcher<Item> batcher(int max, long delayMs, List<Integer> preferred) {
    return new MicroBatcher<>(new BatchingPolicy(max, delayMs * MS, preferred, 100));
  }

  private static List<String> names(List<Item> items) {
    return items.stream().map(Item::name).toList();
  }

  @Test
  void fullBatchGoesAsSoonAsMaxBatchSizeIsQueued() {
    MicroBatcher<Item> b = batcher(3, 1_000, List.of());
    b.offer(batch("a"), 0);
    b.offer(batch("b"), 0);
    assertEquals(List.of(), b.takeReady(0));
    b.offer(batch("c"), 0);
    assertEquals(List.of("a", "b", "c"), names(b.takeReady(0)));
  }

  @Test
  void largestPreferredSizeGoesWithoutWaitingForTheDelay() {
    MicroBatcher<Item> b = batcher(8, 1_000, List.of(2, 4));
    for (String name : List.of("a", "b", "c", "d", "e")) {
      b.offer(batch(name), 0);
    }
    assertEquals(List.of("a", "b", "c", "d"), names(b.takeReady(0)));
    assertEquals(List.of(), b.takeReady(0), "one frame left, below every preferred size");
  }

  @Test
  void belowEveryPreferredSizeTheBatcherWaitsForTheOldestFramesDelay() {
    MicroBatcher<Item> b = batcher(8, 5, List.of(4));
    b.offer(batch("a"), 1 * MS);
    b.offer(batch("b"), 3 * MS);
    assertEquals(OptionalLong.of(6 * MS), b.nextDueNanos());
    assertEquals(List.of(), b.takeReady(6 * MS - 1));
    assertEquals(List.of("a", "b"), names(b.takeReady(6 * MS)));
    assertEquals(OptionalLong.empty(), b.nextDueNanos());
  }

  @Test
  void zeroDelaySendsEachFrameAlone() {
    MicroBatcher<Item> b = batcher(8, 0, List.of());
    b.offer(batch("a"), 0);
    assertEquals(List.of("a"), names(b.takeReady(0)));
  }

  @Test
  void drainingTakesUpToMaxBatchSizeRegardlessOfTheRules() {
    MicroBatcher<Item> b = batcher(2, 1_000, List.of());
    b.offer(batch("a"), 0);
    assertEquals(List.of(), b.takeReady(0));
    assertEquals(List.of("a"), names(b.takeNow()));
  }

  @Test
  void newerLiveFrameOfAFeedTakesTheOlderOnesPlaceInLine() {
    MicroBatcher<Item> b = batcher(8, 5, List.of());
    b.offer(live("old", "cam", 1), 0);
    b.offer(batch("other"), 2 * MS);
    Optional<Superseded<Item>> superseded = b.offer(live("new", "cam", 2), 4 * MS);
    assertEquals("old", superseded.orElseThrow().dropped().name());
    assertEquals("new", superseded.orElseThrow().by().name());
    assertEquals(2, b.size());
    assertEquals(List.of("new", "other"), names(b.takeReady(5 * MS)),
        "the replaced frame's wait counts, so the feed is not starved by its own frames");
  }

  @Test
  void liveFrameOlderThanTheQueuedOneIsTheOneDropped() {
    MicroBatcher<Item> b = batcher(8, 5, List.of());
    b.offer(live("newer", "cam", 7), 0);
    Superseded<Item> superseded = b.offer(live("late", "cam", 6), 0).orElseThrow();
    assertEquals("late", superseded.dropped().name());
    assertEquals("newer", superseded.by().name());
    assertEquals(1, b.size());
  }

  @Test
  void batchFramesOfOneFeedAreNeverDropped() {
    MicroBatcher<Item> b = batcher(8, 5, List.of());
    assertTrue(b.offer(new Item("a", "slide", 1, false), 0).isEmpty());
    assertTrue(b.offer(new Item("b", "slide", 2, false), 0).isEmpty());
    assertEquals(2, b.size());
  }

  @Test
  void liveFramesOfDifferentFeedsDoNotSupersedeEachOther() {
    MicroBatcher<Item> b = batcher(8, 5, List.of());
    b.offer(live("a", "cam-1", 1), 0);
    assertTrue(b.offer(live("b", "cam-2", 2), 0).isEmpty());
  }

  @Test
  void liveFrameAfterItsFeedsBatchWasTakenQueuesAgain() {
    MicroBatcher<Item> b = batcher(1, 5, List.of());
    b.offer(live("a", "cam", 1), 0);
    b.takeReady(0);
    assertTrue(b.offer(live("b", "cam", 2), 0).isEmpty());
  }

  @Test
  void removedFramesLeaveTheQueue() {
    MicroBatcher<Item> b = batcher(8, 5, List.of());
    b.offer(batch("keep"), 0);
    b.offer(live("revoked", "cam", 1), 0);
    assertEquals(List.of("revoked"), names(b.removeIf(i -> i.name().equals("revoked"))));
    assertTrue(b.offer(live("next", "cam", 2), 0).isEmpty(), "no stale entry left for the feed");
    assertEquals(2, b.size());
  }

  @Test
  void offerBeyondCapacityIsRefused() {
    MicroBatcher<Item> b = new MicroBatcher<>(new BatchingPolicy(8, 5 * MS, List.of(), 1));
    b.offer(batch("a"), 0);
    assertThrows(IllegalStateException.class, () -> b.offer(batch("b"), 0));
  }
}
