package org.screening.workers.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.workers.data.DatasetFormat;
import org.screening.workers.export.ModelCard;
import org.screening.workers.export.ModelInfo;
import org.screening.workers.involution.InvolutionLibrary;
import org.screening.workers.model.ModelKind;

class TrainingRunTest {

  @Test
  void trainsClassifierThatSeparatesHeldOutImagesAndExportsItWithCardAndMetrics(
      @TempDir Path tmp) throws Exception {
    Path data = Fixtures.twoClassImageFolder(tmp.resolve("data"), 40, 5);
    Path out = tmp.resolve("model");
    TrainingConfig config = TrainingConfig.paperDefaults(ModelKind.MEDIC_CLS)
        .withEpochs(12).withLearningRate(1e-3f);
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    ModelInfo info = TrainingRun.run(config,
        new TrainingRun.DataSource(data, DatasetFormat.IMAGEFOLDER, "synthetic squares and bars"),
        "7", out, new PrintStream(console, true), false);

    Map<?, ?> metrics = new ObjectMapper().readValue(
        out.resolve("assets.extra/metrics.json").toFile(), Map.class);
    assertTrue(((Number) metrics.get("accuracy")).doubleValue() >= 0.9, "held-out " + metrics);
    assertEquals(16, ((Number) metrics.get("samples")).intValue(), "20% of 80 images held out");
    assertEquals(List.of("bright", "dark"), info.labels());
    assertEquals(InvolutionLibrary.load().sha256(), ModelInfo.read(out).opLibrarySha256());
    assertEquals(64, ModelInfo.read(out).weightsSha256().length());
    assertTrue(Files.isRegularFile(out.resolve("saved_model.pb")));
    Map<?, ?> calibration = (Map<?, ?>) new ObjectMapper().readValue(
        out.resolve(ModelInfo.FILE).toFile(), Map.class).get("calibration");
    assertEquals(15, calibration.get("bins"), "card " + calibration);
    assertEquals(16, calibration.get("heldout_samples"), "card " + calibration);
    assertTrue(((Number) calibration.get("temperature")).doubleValue() > 0
        && calibration.get("ece_before") instanceof Number
        && calibration.get("ece_after") instanceof Number, "card " + calibration);
    String card = Files.readString(out.resolve(ModelCard.FILE));
    assertTrue(card.contains("synthetic squares and bars") && card.contains("accuracy")
        && card.contains("## Calibration"), card);
    String log = console.toString();
    assertTrue(log.contains("epoch 12/12") && log.contains("img/s") && log.contains("ETA"), log);
  }
}
