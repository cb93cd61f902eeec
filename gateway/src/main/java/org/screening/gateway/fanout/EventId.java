package org.screening.gateway.fanout;

/**
 * Where a result sits on the results topic, {@code <partition>-<offset>}: the SSE event id. Every
 * node reads the same topic, so a client can resume on any node with the id it last saw.
 */
public record EventId(int partition, long offset) {

  /** The id in {@code text}, or null when it is not one of ours. */
  public static EventId parse(String text) {
    if (text == null) {
      return null;
    }
    int dash = text.indexOf('-');
    if (dash <= 0) {
      return null;
    }
    try {
      return new EventId(Integer.parseInt(text.substring(0, dash)),
          Long.parseLong(text.substring(dash + 1)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * True if this event comes after {@code seen} in the feed. A feed's results share one partition
   * (the key is the feed id), so offsets order them; an id from another partition (the topic was
   * repartitioned) says nothing, and everything counts as unseen.
   */
  boolean after(EventId seen) {
    return partition != seen.partition || offset > seen.offset;
  }

  @Override
  public String toString() {
    return partition + "-" + offset;
  }
}
