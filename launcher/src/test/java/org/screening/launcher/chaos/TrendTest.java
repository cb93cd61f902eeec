package org.screening.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The soak's rule for "grows without bound", on made-up series of 24 samples over 2 minutes. */
class TrendTest {

  private static final Trend.Tolerance EIGHT_MB = new Trend.Tolerance(8, 0.10);

  private static List<Trend.Point> series(DoubleUnaryOperator valueAtMinute) {
    List<Trend.Point> points = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      double minutes = i * 5 / 60.0;
      points.add(new Trend.Point(minutes, valueAtMinute.applyAsDouble(minutes)));
    }
    return points;
  }

  @Test
  void steadyGrowthIsGrowingAndItsSlopeIsReported() {
    Trend trend = Trend.of(series(m -> 60 + 20 * m), EIGHT_MB);
    assertTrue(trend.growing());
    assertEquals(20, trend.slopePerMinute(), 1e-9);
  }

  @Test
  void aWarmUpRampThenAPlateauIsBounded() {
    // Fills its caches over the first 20 s, then holds.
    Trend trend = Trend.of(series(m -> 40 + 60 * Math.min(m, 1 / 3.0)), EIGHT_MB);
    assertFalse(trend.growing(), trend.toString());
  }

  @Test
  void oneLateSpikeIsNotGrowth() {
    Trend trend = Trend.of(series(m -> m > 1.9 ? 200 : 60), EIGHT_MB);
    assertFalse(trend.growing(), trend.toString());
  }

  @Test
  void noiseAroundALevelIsBounded() {
    Trend trend = Trend.of(series(m -> 60 + ((int) (m * 12) % 2 == 0 ? 3 : -3)), EIGHT_MB);
    assertFalse(trend.growing(), trend.toString());
  }

  @Test
  void growthWithinTheToleranceIsBounded() {
    // 5 MB over the whole run is under the 8 MB allowance.
    assertFalse(Trend.of(series(m -> 60 + 2.5 * m), EIGHT_MB).growing());
  }
}
