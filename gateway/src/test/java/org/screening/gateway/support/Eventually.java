package org.screening.gateway.support;

import java.time.Duration;

/** Polls a condition that becomes true asynchronously (results travel through Kafka). */
public final class Eventually {

  /** A condition that may throw, like the HTTP calls that check it. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  private Eventually() {}

  public static void assertThat(String what, Condition condition) throws Exception {
    assertThat(what, Duration.ofSeconds(20), condition);
  }

  public static void assertThat(String what, Duration patience, Condition condition)
      throws Exception {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never happened: " + what);
      }
      Thread.sleep(50);
    }
  }
}
