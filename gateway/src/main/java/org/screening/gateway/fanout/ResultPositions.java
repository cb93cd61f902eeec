package org.screening.gateway.fanout;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;

/**
 * The last offset this node has read on each results partition. A new subscription gets, as
 * its opening event id, the position on its feed's partition: a client that loses its node
 * before its first result resumes elsewhere from there, instead of from "now" on the new node,
 * which would skip whatever was published in between. Used from the node's event loop only.
 */
final class ResultPositions {

  private final Map<Integer, Long> last = new HashMap<>();
  private final Map<Integer, Long> started = new HashMap<>();

  /** The consumer will read {@code partition} from {@code position} on. */
  void start(int partition, long position) {
    last.merge(partition, position - 1, Math::max);
    started.putIfAbsent(partition, position);
  }

  /** The first offset this node read (or will read) on {@code partition}; null if unassigned. */
  Long startedAt(int partition) {
    return started.get(partition);
  }

  /** The last offset this node has read on {@code partition}; null if unassigned. */
  Long last(int partition) {
    return last.get(partition);
  }

  void read(int partition, long offset) {
    last.put(partition, offset);
  }

  /**
   * The id of the last record read on the feed's partition (results are keyed by feed id, so
   * the producers' default partitioner puts them there), or null before the consumer started.
   */
  EventId current(String feedId) {
    if (last.isEmpty()) {
      return null;
    }
    int partition = partitionOf(feedId);
    Long offset = last.get(partition);
    return offset == null ? null : new EventId(partition, offset);
  }

  /** The results partition of the feed; call only once the consumer has started. */
  int partitionOf(String feedId) {
    return Utils.toPositive(Utils.murmur2(feedId.getBytes(StandardCharsets.UTF_8))) % last.size();
  }
}
