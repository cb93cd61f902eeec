package org.screening.gateway.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.screening.schemas.v1.Task;

class SubscriberTest {

  /** A connection whose write queue the test fills and drains at will. */
  private static final class Connection extends Subscriber {
    final List<Long> written = new ArrayList<>();
    boolean full;
    Runnable drained;
    int disconnects;
    boolean disconnectedTooSlow;

    Connection(int maxBacklog) {
      super(maxBacklog);
    }

    @Override
    String transport() {
      return "test";
    }

    @Override
    void open(EventId position) {}

    @Override
    void write(FeedEvent event) {
      written.add(event.id().offset());
    }

    @Override
    void writeHeartbeat() {}

    @Override
    boolean writeQueueFull() {
      return full;
    }

    @Override
    void onDrain(Runnable drained) {
      this.drained = drained;
    }

    @Override
    void disconnect(boolean tooSlow) {
      disconnects++;
      disconnectedTooSlow = tooSlow;
    }

    void drain() {
      full = false;
      drained.run();
    }
  }

  @Test
  void eventsWaitWhileTheConnectionIsFullAndLeaveInOrderWhenItDrains() {
    Connection connection = new Connection(10);
    connection.send(event(1));
    connection.full = true;
    connection.send(event(2));
    connection.send(event(3));
    assertEquals(List.of(1L), connection.written);

    connection.drain();
    connection.send(event(4));

    assertEquals(List.of(1L, 2L, 3L, 4L), connection.written);
  }

  @Test
  void aSubscriberFurtherBehindThanItsBacklogIsDisconnectedOnce() {
    Connection connection = new Connection(2);
    int[] closes = {0};
    connection.onClose(() -> closes[0]++);
    connection.full = true;

    assertTrue(connection.send(event(1)));
    assertTrue(connection.send(event(2)));
    assertFalse(connection.send(event(3)));
    connection.send(event(4));

    assertEquals(1, connection.disconnects);
    assertTrue(connection.disconnectedTooSlow);
    assertEquals(1, closes[0]);
  }

  private static ResultEvent event(long offset) {
    return new ResultEvent(new FeedKey("t", "f"), "frame-" + offset, Task.CLASSIFY, false,
        new EventId(0, offset), "{}");
  }
}
