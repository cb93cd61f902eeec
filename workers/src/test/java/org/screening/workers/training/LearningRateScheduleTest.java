package org.screening.workers.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.screening.workers.model.ModelKind;

class LearningRateScheduleTest {

  /** HEMF's numbers: 1e-7 to 1e-4 over 10 warm-up steps, then cosine to 1e-6 over 101 steps. */
  private static final LearningRateSchedule HEMF = new LearningRateSchedule(1e-4, 1e-6, 1e-7, 10,
      111);

  @Test
  void warmUpRisesLinearlyFromItsStartToThePeak() {
    assertEquals(1e-7, HEMF.at(0), 1e-15);
    assertEquals(1e-7 + (1e-4 - 1e-7) * 0.5, HEMF.at(5), 1e-15);
    assertEquals(1e-7 + (1e-4 - 1e-7) * 0.9, HEMF.at(9), 1e-15);
  }

  @Test
  void cosineStartsAtThePeakPassesTheMidpointHalfwayAndEndsAtTheFloor() {
    assertEquals(1e-4, HEMF.at(10), 1e-15);
    assertEquals((1e-4 + 1e-6) / 2, HEMF.at(60), 1e-15);
    // A quarter of the way: floor + (peak - floor) * (1 + cos(pi/4)) / 2.
    assertEquals(1e-6 + (1e-4 - 1e-6) * (1 + Math.sqrt(0.5)) / 2, HEMF.at(35), 1e-15);
    assertEquals(1e-6, HEMF.at(110), 1e-15);
  }

  @Test
  void medSpectralNetRecipeDecaysFromItsRateToOneHundredthOfIt() {
    LearningRateSchedule schedule = TrainingConfig.paperDefaults(ModelKind.MEDSPECTRALNET_28)
        .withEpochs(2).schedule(5);
    assertEquals(1e-3, schedule.at(0), 1e-9);
    assertEquals(1e-5, schedule.at(9), 1e-9);
  }

  @Test
  void constantRecipeKeepsAnOverriddenRateOnEveryStep() {
    LearningRateSchedule schedule = TrainingConfig.paperDefaults(ModelKind.MEDIC_CLS)
        .withLearningRate(1e-3f).schedule(7);
    for (long step : new long[] {0, 100, 209}) {
      assertEquals(1e-3, schedule.at(step), 1e-9);
    }
  }
}
