package org.screening.workers.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.workers.export.ModelInfo;
import org.screening.workers.export.SavedModelExporter;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class GradCamTest {

  private static final int SIZE = 8;
  private static final int CHANNELS = 4;
  private static final int HIDDEN = 8;
  private static final List<String> LABELS = List.of("a", "b", "c");
  /** Added to a whole channel of the feature map: small against its values, large for float32. */
  private static final float EPSILON = 1e-2f;

  /**
   * A tiny classifier with fixed random weights: conv 3x3 and ReLU (the feature map A), 2x2
   * max-pool, dense and tanh, dense to the logits, softmax. Shifting one channel of A in every
   * cell keeps each pool's choice, and tanh is smooth, so the score is smooth in that shift and
   * central differences approach the gradient to O(epsilon^2): the untrained Med-IC Cls, whose
   * tiny activations sit on its dense ReLUs' kinks, would not allow that.
   */
  private static Path tinyModel(Path dir) throws Exception {
    Random random = new Random(7);
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> image = tf.withName(SavedModelExporter.INPUT).placeholder(
          TFloat32.class, Placeholder.shape(Shape.of(-1, SIZE, SIZE, 3)));
      Operand<TFloat32> featureMap = tf.nn.relu(tf.nn.conv2d(image,
          weights(tf, random, 3, 3, 3, CHANNELS), List.of(1L, 1L, 1L, 1L), "SAME"));
      Operand<TFloat32> pooled = tf.nn.maxPool(featureMap, tf.constant(new int[] {1, 2, 2, 1}),
          tf.constant(new int[] {1, 2, 2, 1}), "VALID");
      int flat = SIZE / 2 * SIZE / 2 * CHANNELS;
      Operand<TFloat32> hidden = tf.math.tanh(tf.linalg.matMul(
          tf.reshape(pooled, tf.constant(new int[] {-1, flat})),
          weights(tf, random, flat, HIDDEN)));
      Operand<TFloat32> logits = tf.linalg.matMul(hidden,
          weights(tf, random, HIDDEN, LABELS.size()));
      Operand<TFloat32> probabilities =
          tf.withName(SavedModelExporter.PROBABILITIES).identity(tf.nn.softmax(logits));
      session.initialize();
      SavedModelBundle.exporter(dir.toString()).withTags(SavedModelExporter.TAG)
          .withSession(session)
          .withSignature(Signature.builder(SavedModelExporter.SIGNATURE)
              .input(SavedModelExporter.INPUT, image)
              .output(SavedModelExporter.PROBABILITIES, probabilities).build())
          .export();
      new ModelInfo("tiny", "1", "classify", LABELS,
          new ModelInfo.Input(SIZE, SIZE, 3, "float32", 0f, 1f), "none", Map.of(), 0, 0, null,
          null, Map.of(), null)
          .withExplain(new ModelInfo.Explain(featureMap.op().name(), null))
          .write(dir);
    }
    return dir;
  }

  /** Weights uniform in [-1, 1], as variables: saved and restored as a trained model's are. */
  private static Operand<TFloat32> weights(Ops tf, Random random, long... shape) {
    float[] values = new float[(int) Shape.of(shape).size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextFloat() * 2 - 1;
    }
    return tf.variable(tf.constant(Shape.of(shape), DataBuffers.of(values)));
  }

  @Test
  void gradCamWeightsAndHeatMapMatchFiniteDifferencesOfTheClassScore(@TempDir Path tmp)
      throws Exception {
    float[] image = new float[SIZE * SIZE * 3];
    Random random = new Random(13);
    for (int i = 0; i < image.length; i++) {
      image[i] = random.nextFloat();
    }
    try (LoadedModel model = ModelLoader.load(tinyModel(tmp.resolve("tiny")))) {
      GradCam gradCam = model.gradCam();
      assertNotNull(gradCam, "the card names the feature map, so the loader adds Grad-CAM");
      int cells = gradCam.height() * gradCam.width();
      int channels = (int) gradCam.featureMap().shape().size(3);
      float[][] run = run(model, image, null, gradCam.featureMap(), gradCam.logits(),
          gradCam.weights(), gradCam.heatMap());
      float[] map = run[0];
      float[] logits = run[1];
      float[] alpha = run[2];
      float[] heat = run[3];
      int predicted = Predictions.argMax(logits);

      // d(score)/d(channel k, summed over the grid) by central differences, over the grid's
      // cells: the spatial mean of the gradient, which is what alpha_k is.
      float[] numeric = new float[channels];
      double largest = 0;
      for (int k = 0; k < channels; k++) {
        float plus = run(model, image, shifted(map, channels, k, EPSILON), gradCam.logits())
            [0][predicted];
        float minus = run(model, image, shifted(map, channels, k, -EPSILON), gradCam.logits())
            [0][predicted];
        numeric[k] = (float) ((plus - (double) minus) / (2 * EPSILON) / cells);
        largest = Math.max(largest, Math.abs(numeric[k]));
      }
      assertTrue(largest > 0, "the class score depends on the feature map");
      for (int k = 0; k < channels; k++) {
        assertEquals(numeric[k], alpha[k], 1e-3 * largest, "alpha of channel " + k);
      }
      double hottest = 0;
      for (int cell = 0; cell < cells; cell++) {
        double sum = 0;
        for (int k = 0; k < channels; k++) {
          sum += numeric[k] * map[cell * channels + k];
        }
        double expected = Math.max(0, sum);
        hottest = Math.max(hottest, expected);
        assertEquals(expected, heat[cell], 1e-3 * Math.max(1e-6, maxAbs(heat)), "cell " + cell);
      }
      assertTrue(hottest > 0, "some cell speaks for the predicted class");
    }
  }

  private static double maxAbs(float[] values) {
    double max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  /** The feature map with {@code delta} added to channel {@code k} in every cell. */
  private static float[] shifted(float[] map, int channels, int k, float delta) {
    float[] out = map.clone();
    for (int i = k; i < out.length; i += channels) {
      out[i] += delta;
    }
    return out;
  }

  /** One image through the session; {@code featureMap}, when given, replaces the computed A. */
  @SafeVarargs
  private static float[][] run(LoadedModel model, float[] image, float[] featureMap,
      Output<TFloat32>... fetches) {
    GradCam gradCam = model.gradCam();
    try (TFloat32 input = TFloat32.tensorOf(Shape.of(1, SIZE, SIZE, 3), DataBuffers.of(image));
        TFloat32 fed = featureMap == null ? null : TFloat32.tensorOf(
            Shape.of(1, gradCam.height(), gradCam.width(), featureMap.length
                / (gradCam.height() * gradCam.width())), DataBuffers.of(featureMap))) {
      Session.Runner runner = model.serving().session().runner().feed(model.serving().signature()
          .getInputs().get(SavedModelExporter.INPUT).name, input);
      if (fed != null) {
        runner.feed(gradCam.featureMap(), fed);
      }
      for (Output<TFloat32> fetch : fetches) {
        runner.fetch(fetch);
      }
      try (Result result = runner.run()) {
        float[][] out = new float[fetches.length][];
        for (int i = 0; i < fetches.length; i++) {
          TFloat32 t = (TFloat32) result.get(i);
          out[i] = new float[(int) t.shape().size()];
          t.copyTo(DataBuffers.of(out[i]));
        }
        return out;
      }
    }
  }
}
