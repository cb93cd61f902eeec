package org.screening.workers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.workers.export.ModelInfo;
import org.screening.workers.inference.LoadedModel;
import org.screening.workers.inference.ModelLoader;
import org.screening.workers.training.TinyModels;
import picocli.CommandLine;

class ModelsCommandTest {

  @TempDir
  Path tmp;

  @Test
  void listShowsEveryModelOfAWorkerConfigWithItsCardAndTheRoutesThatReachIt() throws Exception {
    Path config = Files.writeString(tmp.resolve("worker.json"), """
        {"models": {"cls": {"dir": "%s"}, "endo": {"dir": "%s"}},
         "routing": {"classify": "medic-cls", "classify.ENDOSCOPY_FRAME": "endo-cls:1",
                     "segment": ""}}
        """.formatted(TinyModels.classifier(), TinyModels.classifier("endo-cls", "1")));

    Run run = run("list", "--config", config.toString());

    assertEquals(0, run.exit(), run.err());
    ModelInfo endo = ModelInfo.read(TinyModels.classifier("endo-cls", "1"));
    String text = run.out();
    assertTrue(text.contains("endo-cls:1  (models.endo, "), text);
    assertTrue(text.contains("  task:        classify, labels benign, malignant"), text);
    assertTrue(text.contains("  input:       28x28x3 float32 in [0, 1]"), text);
    assertTrue(text.contains("  trained:     no: the card records no training run"), text);
    assertTrue(text.contains("  provenance:  weights sha256 " + endo.weightsSha256()), text);
    assertTrue(text.contains("  calibration: none (served with T = 1)"), text);
    assertTrue(text.contains("  routes:      ENDOSCOPY_FRAME (routing.classify.ENDOSCOPY_FRAME); "
        + "model_override endo-cls:1 or endo-cls"), text);
    assertTrue(text.contains("  routes:      PATHOLOGY_TILE (routing.classify), MICROSCOPY_FIELD "
        + "(routing.classify), RADIOLOGY_SLICE (routing.classify), OTHER (routing.classify); "
        + "model_override medic-cls:1 or medic-cls"), text);
  }

  @Test
  void importWritesTheCardOfAnExportWhoseCardWasStrippedAndTheWorkerLoadsIt() throws Exception {
    Path dir = tmp.resolve("outside").resolve("7");
    copy(TinyModels.classifier(), dir);
    Files.delete(dir.resolve(ModelInfo.FILE));

    Run run = run("import", dir.toString(), "--task", "classify", "--labels", "benign,malignant");

    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("imported outside:7 (classify, 28x28"), run.out());
    try (LoadedModel loaded = ModelLoader.load(dir)) {
      assertEquals(List.of("outside", "7", "classify"), List.of(loaded.info().name(),
          loaded.info().version(), loaded.info().task()));
      assertEquals(new ModelInfo.Input(28, 28, 3, "float32", 0f, 1f), loaded.info().input());
      assertEquals(List.of("benign", "malignant"), loaded.info().labels());
    }
  }

  @Test
  void importRefusesASegmentTaskForAClassifierSayingWhatTheOutputIs() throws Exception {
    Path dir = tmp.resolve("cls");
    copy(TinyModels.classifier(), dir);

    Run run = run("import", dir.toString(), "--task", "segment", "--labels", "lesion",
        "--output", "probabilities");

    assertEquals(1, run.exit());
    assertTrue(run.err().contains("--task segment, but output 'probabilities' has shape [?, 2], "
        + "which is a classification"), run.err());
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true));
      System.setErr(new PrintStream(err, true));
      int exit = new CommandLine(new ModelsCommand()).execute(args);
      return new Run(exit, out.toString(), err.toString());
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }
}
