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

  /** The consumer will read {@code partition} from {@code position} on. */
  void start(int partition, long position) {
    last.merge(partition, position - 1, Math::max);
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
    int partition = Utils.toPositive(Utils.murmur2(feedId.getBytes(StandardCharsets.UTF_8)))
        % last.size();
    Long offset = last.get(partition);
    return offset == null ? null : new EventId(partition, offset);
  }
}
