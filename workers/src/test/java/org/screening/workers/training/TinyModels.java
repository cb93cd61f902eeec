package org.screening.workers.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.screening.workers.export.ModelInfo;
import org.screening.workers.export.SavedModelExporter;
import org.screening.workers.involution.InvolutionLibrary;
import org.screening.workers.model.ModelKind;

/**
 * Untrained Med-IC Cls and Seg models exported once per test JVM, in the shipped models'
 * format: real SavedModels with the involution op, for tests that need real sessions but not
 * good answers.
 */
public final class TinyModels {

  /** Labels of the exported classifier. */
  public static final List<String> LABELS = List.of("benign", "malignant");

  private static Path root;

  private TinyModels() {}

  /** {@code medic-cls} version 1: 28x28 input, {@link #LABELS}. */
  public static synchronized Path classifier() {
    return classifier(ModelKind.MEDIC_CLS.cliName(), "1");
  }

  /**
   * The same untrained classifier under another name and version, for tests that serve
   * several models (routing) or several versions of one.
   */
  public static synchronized Path classifier(String name, String version) {
    return export(ModelKind.MEDIC_CLS, "classify", LABELS, name, version);
  }

  /** {@code medic-seg} version 1: 128x128 input, one foreground channel. */
  public static synchronized Path segmenter() {
    return export(ModelKind.MEDIC_SEG, "segment", List.of("foreground"),
        ModelKind.MEDIC_SEG.cliName(), "1");
  }

  private static Path export(ModelKind kind, String task, List<String> labels, String name,
      String version) {
    try {
      if (root == null) {
        root = Files.createTempDirectory("screening-tiny-models");
        Runtime.getRuntime().addShutdownHook(new Thread(TinyModels::delete));
      }
      Path dir = root.resolve(name).resolve(version);
      if (!Files.exists(dir.resolve("saved_model.pb"))) {
        try (TrainingGraph graph =
            new TrainingGraph(TrainingConfig.paperDefaults(kind), labels.size())) {
          ModelInfo info = new ModelInfo(name, version, task, labels,
              new ModelInfo.Input(kind.inputSize(), kind.inputSize(), 3, "float32", 0f, 1f),
              "test", Map.of(), 1, graph.parameterCount(), InvolutionLibrary.load().sha256(),
              null, Map.of(), null);
          SavedModelExporter.export(kind, labels.size(), graph.weights(), info, dir);
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete() {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary directory is harmless.
    }
  }
}
