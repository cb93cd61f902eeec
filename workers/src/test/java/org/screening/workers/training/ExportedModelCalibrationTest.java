package org.screening.workers.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.workers.data.DatasetFormat;
import org.screening.workers.export.ModelCard;
import org.screening.workers.export.ModelInfo;
import org.screening.workers.model.ModelKind;

class ExportedModelCalibrationTest {

  @Test
  void calibratingAClassifierExportedWithoutTemperatureGetsTheFitTrainingMakes(@TempDir Path tmp)
      throws Exception {
    Path data = Fixtures.twoClassImageFolder(tmp.resolve("data"), 40, 5);
    Path out = tmp.resolve("model");
    ModelInfo trained = TrainingRun.run(
        TrainingConfig.paperDefaults(ModelKind.MEDIC_CLS).withEpochs(2).withLearningRate(1e-3f),
        new TrainingRun.DataSource(data, DatasetFormat.IMAGEFOLDER, "squares and bars"), "1", out,
        new PrintStream(new ByteArrayOutputStream(), true), false);
    // As cards were written before training fitted a temperature.
    ModelInfo.read(out).withCalibration(null).write(out);
    assertNull(ModelInfo.read(out).calibration());

    ModelInfo calibrated = ExportedModelCalibration.calibrate(out, data, null);

    ModelInfo.Calibration fit = trained.calibration();
    ModelInfo.Calibration refit = ModelInfo.read(out).calibration();
    assertEquals(calibrated.calibration(), refit);
    assertEquals(fit.temperature(), refit.temperature(), 1e-3 * fit.temperature());
    assertEquals(fit.eceBefore(), refit.eceBefore(), 1e-4);
    assertEquals(fit.eceAfter(), refit.eceAfter(), 1e-4);
    assertEquals(16, refit.heldoutSamples());
    assertTrue(Files.readString(out.resolve(ModelCard.FILE)).contains("## Calibration"));
  }
}
