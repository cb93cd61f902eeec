package org.screening.workers.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.inference.ModelRegistry;
import org.screening.workers.inference.Predictions;
import org.screening.workers.inference.ServedModel;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** SavedModels built here as another framework would write them, imported and served. */
class ModelImportTest {

  @TempDir
  Path tmp;

  @Test
  void aClassifierWithItsOwnSignatureNamesAndA255RangeIsImportedAndServedByTheWorker()
      throws Exception {
    Path dir = tmp.resolve("outside-cls").resolve("3");
    // Scales [0, 255] down itself, as Keras' Rescaling(1/255) does; keys are its own.
    exportClassifier(dir, false);

    ModelImport.Imported imported = ModelImport.run(new ModelImport.Request(dir, "classify",
        List.of("normal", "abnormal"), null, null, null, null));

    ModelInfo info = ModelInfo.read(dir);
    assertEquals(List.of("outside-cls", "3", "classify"),
        List.of(info.name(), info.version(), info.task()));
    assertEquals(new ModelInfo.Input(8, 8, 3, "float32", 0f, 255f), info.input());
    assertEquals(6, info.parameters());
    assertEquals(SavedModelExporter.variablesSha256(dir), info.weightsSha256());
    assertEquals(imported.info(), info);
    try (ModelRegistry registry = ModelRegistry.load(WorkerConfig.of(Map.of(
        WorkerConfig.modelKey("imp", WorkerConfig.MODEL_DIR), dir.toString(),
        WorkerConfig.ROUTING_CLASSIFY, "outside-cls", WorkerConfig.ROUTING_SEGMENT, "")))) {
      ServedModel model = registry.models().get(0);
      float[] grey = new float[8 * 8 * 3];
      Arrays.fill(grey, 0.5f);
      float[] probabilities = Predictions.run(model.loaded(), grey, 1)
          .get(SavedModelExporter.PROBABILITIES);
      // 0.5 is fed as 127.5, which the graph takes back to 0.5: logits [1, 0].
      assertEquals(1 / (1 + Math.exp(-1)), probabilities[0], 1e-5);
    }
  }

  @Test
  void aSavedModelWithTwoInputsIsRefusedNamingThem() throws Exception {
    Path dir = tmp.resolve("two-inputs");
    exportClassifier(dir, true);

    ModelImport.Refused refused = assertThrows(ModelImport.Refused.class, () -> ModelImport.run(
        new ModelImport.Request(dir, "classify", List.of("a", "b"), null, null, null, null)));

    assertEquals("Signature 'serving_default' has 2 inputs (pixels, site): the worker feeds one "
        + "image", refused.getMessage().replace("(site, pixels)", "(pixels, site)"));
    assertFalse(Files.exists(dir.resolve(ModelInfo.FILE)));
  }

  /**
   * [N, 8, 8, 3] {@code pixels} in [0, 255] -> x/255 -> mean over the image -> [N, 3] x W [3, 2]
   * -> softmax as {@code scores}; with {@code secondInput}, a {@code site} input added to the
   * logits.
   */
  private static void exportClassifier(Path dir, boolean secondInput) throws Exception {
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> pixels = tf.withName("pixels").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, 8, 8, 3)));
      Operand<TFloat32> scaled = tf.math.mul(pixels, tf.constant(1f / 255));
      Operand<TFloat32> pooled = tf.math.mean(scaled, tf.constant(new int[] {1, 2}));
      Operand<TFloat32> weights =
          tf.variable(tf.constant(new float[][] {{2, 0}, {0, 0}, {0, 0}}));
      Operand<TFloat32> logits = tf.linalg.matMul(pooled, weights);
      Signature.Builder signature = Signature.builder(SavedModelExporter.SIGNATURE)
          .input("pixels", pixels);
      if (secondInput) {
        Placeholder<TFloat32> site = tf.withName("site").placeholder(TFloat32.class,
            Placeholder.shape(Shape.of(-1, 2)));
        logits = tf.math.add(logits, site);
        signature.input("site", site);
      }
      signature.output("scores", tf.nn.softmax(logits));
      session.initialize();
      SavedModelBundle.exporter(dir.toString()).withTags(SavedModelExporter.TAG)
          .withSession(session).withSignature(signature.build()).export();
    }
  }
}
