package org.screening.workers.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.workers.cli.TrainCommand;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.export.ModelInfo;
import org.screening.workers.inference.ModelRegistry;
import picocli.CommandLine;

/** A model exported by {@code train --epochs 0} is served only where its config allows it. */
class UntrainedModelServingTest {

  @TempDir
  static Path tmp;
  private static Path model;

  @BeforeAll
  static void exportUntrainedClassifier() throws Exception {
    Path data = Fixtures.twoClassImageFolder(tmp.resolve("data"), 3, 2);
    model = tmp.resolve("model");
    assertEquals(0, new CommandLine(new TrainCommand()).execute("--model", "medic-cls",
        "--data", data.toString(), "--format", "imagefolder", "--out", model.toString(),
        "--epochs", "0"));
  }

  @Test
  void cardOfZeroEpochsSaysNeverTrained() throws Exception {
    assertFalse(ModelInfo.read(model).trained());
  }

  @Test
  void workerRefusesToStartWithAnUntrainedModelAndNamesTheKeyThatAllowsIt() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ModelRegistry.load(config(Map.of())));
    assertTrue(e.getMessage().contains("never trained")
        && e.getMessage().contains("models.m.allowUntrained"), e.getMessage());
  }

  @Test
  void workerServesTheUntrainedModelWhereItsConfigAllowsIt() throws Exception {
    try (ModelRegistry registry =
        ModelRegistry.load(config(Map.of("models.m.allowUntrained", true)))) {
      assertEquals(1, registry.models().size());
    }
  }

  private static WorkerConfig config(Map<String, Object> more) {
    Map<String, Object> values = new HashMap<>(Map.of("models.m.dir", model,
        WorkerConfig.ROUTING_CLASSIFY, "medic-cls", WorkerConfig.ROUTING_SEGMENT, ""));
    values.putAll(more);
    return WorkerConfig.of(values);
  }
}
