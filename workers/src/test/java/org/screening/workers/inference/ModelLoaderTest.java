package org.screening.workers.inference;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.workers.export.ModelInfo;

class ModelLoaderTest {

  @Test
  void cardWithATemperatureOfZeroIsRefusedNamingTheFile(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("medic-cls/1");
    new ModelInfo("medic-cls", "1", "classify", List.of("benign", "malignant"),
        new ModelInfo.Input(28, 28, 3, "float32", 0, 1), "", Map.of(), 1, 0, null, "sha",
        Map.of(), new ModelInfo.Calibration(0, 0.1, 0.05, 200, 15)).write(dir);

    IOException e = assertThrows(IOException.class, () -> ModelLoader.load(dir));

    assertTrue(e.getMessage().contains(dir.resolve(ModelInfo.FILE).toString())
        && e.getMessage().contains("calibration.temperature"), e.getMessage());
  }
}
