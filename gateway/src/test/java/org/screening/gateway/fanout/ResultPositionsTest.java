package org.screening.gateway.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.screening.gateway.config.GatewayConfig;
import org.screening.gateway.metrics.GatewayMetrics;
import org.screening.schemas.v1.Task;

class ResultPositionsTest {

  private static final FeedKey FEED = new FeedKey("tenant-a", "scope-1");

  private final Vertx vertx = Vertx.vertx();

  /** Records what a client would see: the opening id, then the events. */
  private static final class Client extends Subscriber {
    EventId opening;
    final List<EventId> received = new ArrayList<>();

    Client() {
      super(16);
    }

    @Override
    String transport() {
      return "test";
    }

    @Override
    void open(EventId position) {
      opening = position;
    }

    @Override
    void write(FeedEvent event) {
      received.add(event.id());
    }

    @Override
    void writeHeartbeat() {}

    @Override
    boolean writeQueueFull() {
      return false;
    }

    @Override
    void onDrain(Runnable drained) {}

    @Override
    void disconnect(boolean tooSlow) {}
  }

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void theOpeningIdIsTheLastOffsetReadOnTheFeedsPartitionAsTheProducersPartitionerPicksIt() {
    ResultPositions positions = new ResultPositions();
    assertNull(positions.current("scope-1"));
    for (int p = 0; p < 4; p++) {
      positions.start(p, 100 + p);
    }
    int partition = BuiltInPartitioner.partitionForKey(
        "scope-1".getBytes(StandardCharsets.UTF_8), 4);
    assertEquals(new EventId(partition, 99 + partition), positions.current("scope-1"));
    positions.read(partition, 250);
    assertEquals(new EventId(partition, 250), positions.current("scope-1"));
  }

  @Test
  void aClientWhoseNodeDiesBeforeItsFirstResultResumesOnAnotherNodeWithoutAGap() {
    Node first = new Node();
    Node second = new Node();
    first.positions.start(0, 10);
    second.positions.start(0, 10);
    Client before = new Client();
    first.hub.subscribe(FEED, before, null);
    // The first node dies; the second reads the results published meanwhile.
    second.publish(10);
    second.publish(11);
    Client resumed = new Client();
    second.hub.subscribe(FEED, resumed, before.opening);

    assertEquals(new EventId(0, 9), before.opening);
    assertNull(resumed.opening, "a resuming client keeps the id it sent");
    assertEquals(List.of(new EventId(0, 10), new EventId(0, 11)), resumed.received);
  }

  /** One gateway node's fan-out. */
  private final class Node {
    final ResultPositions positions = new ResultPositions();
    final FanoutHub hub = new FanoutHub(vertx, new FeedHistory(16, 16), positions,
        new RecentKeys(16), new TopicReplay(vertx, GatewayConfig.defaults(), "test"), 16,
        new GatewayMetrics("test"), 60_000);

    void publish(long offset) {
      positions.read(0, offset);
      hub.publish(new ResultEvent(FEED, "frame-" + offset, Task.CLASSIFY, false,
          new EventId(0, offset), "{}"));
    }
  }
}
