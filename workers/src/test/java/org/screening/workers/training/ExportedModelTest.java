package org.screening.workers.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.workers.data.Dataset;
import org.screening.workers.data.DatasetFormat;
import org.screening.workers.data.Images;
import org.screening.workers.data.Sample;
import org.screening.workers.export.ModelInfo;
import org.screening.workers.export.SavedModelExporter;
import org.screening.workers.involution.InvolutionLibrary;
import org.screening.workers.model.ModelKind;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

class ExportedModelTest {

  private static final ModelKind KIND = ModelKind.MEDIC_CLS;

  @Test
  void freshJvmLoadingTheExportGetsTheInMemoryGraphsOutputs(@TempDir Path tmp) throws Exception {
    Path images = Fixtures.twoClassImageFolder(tmp.resolve("data"), 4, 9);
    Dataset data = DatasetFormat.IMAGEFOLDER.loader().load(images, 28, 28);
    List<Path> files = List.of(images.resolve("bright/bright_0.png"),
        images.resolve("bright/bright_1.png"), images.resolve("dark/dark_0.png"));
    List<Sample> probe = new ArrayList<>();
    for (Path file : files) {
      probe.add(new Sample(file.toString(), null, Images.loadRgb(file, 28, 28), 0, null));
    }
    float[] inMemory;
    Path model = tmp.resolve("model");
    // Two steps at 1e-3 move the weights off their initial values yet keep the model's output
    // image-dependent; at 1e-2 these two steps leave one output for every image (which the
    // nondeterministic Adam updates used to hide in some runs).
    try (TrainingGraph graph = new TrainingGraph(
        TrainingConfig.paperDefaults(KIND).withLearningRate(1e-3f), 2)) {
      try (Batch batch = Batch.of(data.samples(), 28, 28, false)) {
        graph.step(batch);
        graph.step(batch);
      }
      try (Batch batch = Batch.of(probe, 28, 28, false);
          TFloat32 p = graph.predict(batch.images())) {
        inMemory = new float[(int) p.shape().size()];
        p.copyTo(DataBuffers.of(inMemory));
      }
      SavedModelExporter.export(KIND, 2, graph.weights(), info(graph.parameterCount()), model);
    }

    Child child = predictInFreshJvm(model, files, List.of());
    assertEquals(0, child.exitCode, child.output);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : child.output.strip().split("\n")) {
      if (line.startsWith("{")) {
        lines.add(new ObjectMapper().readTree(line));
      }
    }
    assertEquals(3, lines.size(), child.output);
    for (int i = 0; i < 3; i++) {
      JsonNode outputs = lines.get(i).get("outputs");
      for (int c = 0; c < 2; c++) {
        assertEquals(inMemory[i * 2 + c], outputs.get("probabilities").get(c).floatValue(), 1e-5f);
      }
      assertEquals(28 * 28 * 9, outputs.get("involution_kernel").size());
    }
    assertNotEquals(inMemory[0], inMemory[2], "different images, different outputs");
  }

  @Test
  void modelThatNeedsTheOpFailsEarlyAndSaysSoWhenNoOpLibraryLoads(@TempDir Path tmp)
      throws Exception {
    Path model = tmp.resolve("model");
    try (TrainingGraph graph = new TrainingGraph(TrainingConfig.paperDefaults(KIND), 2)) {
      SavedModelExporter.export(KIND, 2, graph.weights(), info(graph.parameterCount()), model);
    }
    Path image = Fixtures.twoClassImageFolder(tmp.resolve("data"), 1, 1)
        .resolve("dark/dark_0.png");
    Child child = predictInFreshJvm(model, List.of(image),
        List.of("-D" + InvolutionLibrary.LIBRARY_PROPERTY + "=" + tmp.resolve("missing.so")));
    assertNotEquals(0, child.exitCode);
    assertTrue(child.output.contains("uses the custom op Involution")
        && child.output.contains("could not be loaded"), child.output);
  }

  private static ModelInfo info(long parameters) {
    return new ModelInfo(KIND.cliName(), "1", "classify", List.of("bright", "dark"),
        new ModelInfo.Input(28, 28, 3, "float32", 0f, 1f), "test", Map.of(), 1, parameters,
        InvolutionLibrary.load().sha256(), null, Map.of(), null);
  }

  private record Child(int exitCode, String output) {}

  private static Child predictInFreshJvm(Path model, List<Path> images, List<String> jvmArgs)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path")));
    command.addAll(jvmArgs);
    command.addAll(List.of("org.screening.workers.cli.PredictCommand", "--raw",
        "--model", model.toString()));
    images.forEach(p -> command.add(p.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process process = pb.start();
    String output = new String(process.getInputStream().readAllBytes());
    return new Child(process.waitFor(), output);
  }
}
