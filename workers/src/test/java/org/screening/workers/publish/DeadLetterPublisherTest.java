package org.screening.workers.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DeadLetterPublisherTest {

  @Test
  void causeKeepsItsFirstLineOnly() {
    assertEquals("bad input", DeadLetterPublisher.cause("bad input\n [[1 2 3 ...]]\n"));
  }

  @Test
  void longCauseIsCutToTheLimit() {
    String cause = DeadLetterPublisher.cause("x".repeat(10_000));
    assertEquals(DeadLetterPublisher.MAX_CAUSE_CHARS, cause.length());
  }
}
