package org.screening.gateway.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.screening.schemas.v1.Task;

class FeedHistoryTest {

  private static final FeedKey FEED = new FeedKey("tenant-a", "scope-1");

  @Test
  void replayGivesTheFeedsResultsAfterTheLastSeenOneInOrder() {
    FeedHistory history = new FeedHistory(10, 10);
    history.append(event(FEED, 0, 5));
    history.append(event(new FeedKey("tenant-b", "scope-1"), 0, 6));
    history.append(event(FEED, 0, 7));
    history.append(event(FEED, 0, 9));

    assertEquals(List.of(7L, 9L), offsets(history.after(FEED, new EventId(0, 5))));
  }

  @Test
  void onlyTheMostRecentResultsOfAFeedAreKept() {
    FeedHistory history = new FeedHistory(2, 10);
    for (long offset = 1; offset <= 4; offset++) {
      history.append(event(FEED, 0, offset));
    }

    assertEquals(List.of(3L, 4L), offsets(history.after(FEED, new EventId(0, 0))));
  }

  @Test
  void anIdFromAnotherPartitionReplaysEverythingKept() {
    FeedHistory history = new FeedHistory(10, 10);
    history.append(event(FEED, 1, 3));

    assertEquals(List.of(3L), offsets(history.after(FEED, new EventId(0, 100))));
  }

  @Test
  void eventIdsRoundTripAndJunkIsNotOne() {
    assertEquals(new EventId(2, 41), EventId.parse(new EventId(2, 41).toString()));
    assertEquals(null, EventId.parse("yesterday"));
  }

  private static ResultEvent event(FeedKey feed, int partition, long offset) {
    return new ResultEvent(feed, "f" + offset, Task.CLASSIFY, false, new EventId(partition, offset), "{}");
  }

  private static List<Long> offsets(List<ResultEvent> events) {
    return events.stream().map(e -> e.id().offset()).toList();
  }
}
