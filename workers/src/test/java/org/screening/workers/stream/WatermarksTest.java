package org.screening.workers.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.screening.workers.stream.Watermarks.Change;

class WatermarksTest {

  private final Watermarks marks = new Watermarks(10, 3);

  @Test
  void pausesOnReachingTheHighWaterMark() {
    assertEquals(Change.NONE, marks.update(9));
    assertEquals(Change.PAUSE, marks.update(10));
  }

  @Test
  void staysPausedBetweenTheMarks() {
    marks.update(10);
    assertEquals(Change.NONE, marks.update(4));
    assertEquals(Change.NONE, marks.update(12));
  }

  @Test
  void resumesAtTheLowWaterMark() {
    marks.update(10);
    assertEquals(Change.RESUME, marks.update(3));
    assertEquals(Change.NONE, marks.update(3));
  }
}
