package org.screening.workers.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.schemas.v1.BatchInfo;
import org.screening.schemas.v1.FrameRef;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Task;
import org.screening.schemas.v1.Timings;
import org.screening.workers.config.UncertaintyMethod;
import org.screening.workers.decode.FrameMeta;
import org.screening.workers.export.ModelInfo;
import org.screening.workers.export.SavedModelExporter;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * {@code uncertainty: flips} on real sessions of two hand-built models whose answer to a flipped
 * frame is known exactly: the batch runner runs each frame with its flips, and the result
 * factory turns the views into one uncertainty.
 */
class UncertaintyByFlipsTest {

  private static final int SIZE = 8;
  /** Large enough that each model's answer on a 0/1 image is all but certain. */
  private static final float GAIN = 20;

  /**
   * A classifier of "which half is brighter": logits GAIN x (mean of the left half minus mean of
   * the right half) for "left" and the negation for "right". Mirroring the frame swaps its
   * answer; turning it upside-down does not.
   */
  private static Path halvesClassifier(Path dir) throws Exception {
    float[] weights = new float[SIZE * SIZE * 3 * 2];
    float share = GAIN / (SIZE * SIZE * 3 / 2f);
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        for (int c = 0; c < 3; c++) {
          int row = (y * SIZE + x) * 3 + c;
          float sign = x < SIZE / 2 ? 1 : -1;
          weights[row * 2] = sign * share;
          weights[row * 2 + 1] = -sign * share;
        }
      }
    }
    return export(dir, "classify", List.of("left", "right"), (tf, image) -> {
      Operand<TFloat32> logits = tf.linalg.matMul(
          tf.reshape(image, tf.constant(new int[] {-1, SIZE * SIZE * 3})),
          tf.constant(Shape.of(SIZE * SIZE * 3, 2), DataBuffers.of(weights)));
      return tf.withName(SavedModelExporter.PROBABILITIES).identity(tf.nn.softmax(logits));
    }, SavedModelExporter.PROBABILITIES);
  }

  /** A segmenter whose mask is the image's first channel, sharpened: it moves with the frame. */
  private static Path copyingSegmenter(Path dir) throws Exception {
    return export(dir, "segment", List.of("foreground"), (tf, image) -> {
      Operand<TFloat32> red = tf.slice(image, tf.constant(new int[] {0, 0, 0, 0}),
          tf.constant(new int[] {-1, SIZE, SIZE, 1}));
      return tf.withName(SavedModelExporter.MASK).identity(tf.math.sigmoid(
          tf.math.mul(tf.math.sub(red, tf.constant(0.5f)), tf.constant(GAIN))));
    }, SavedModelExporter.MASK);
  }

  private interface Body {
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> image);
  }

  private static Path export(Path dir, String task, List<String> labels, Body body,
      String output) throws Exception {
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> image = tf.withName(SavedModelExporter.INPUT).placeholder(
          TFloat32.class, Placeholder.shape(Shape.of(-1, SIZE, SIZE, 3)));
      Operand<TFloat32> out = body.apply(tf, image);
      SavedModelBundle.exporter(dir.toString()).withTags(SavedModelExporter.TAG)
          .withSession(session)
          .withSignature(Signature.builder(SavedModelExporter.SIGNATURE)
              .input(SavedModelExporter.INPUT, image).output(output, out).build())
          .export();
      new ModelInfo("tiny-" + task, "1", task, labels,
          new ModelInfo.Input(SIZE, SIZE, 3, "float32", 0f, 1f), "none", Map.of(), 0, 0, null,
          "sha", Map.of(), null).write(dir);
    }
    return dir;
  }

  /** Bright where {@code bright} says, in every channel. */
  private static float[] image(BiPredicate<Integer, Integer> bright) {
    float[] pixels = new float[SIZE * SIZE * 3];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        for (int c = 0; c < 3; c++) {
          pixels[(y * SIZE + x) * 3 + c] = bright.test(x, y) ? 1 : 0;
        }
      }
    }
    return pixels;
  }

  /** Two frames in one batch, each run with its flips; the second frame's result. */
  private static Result second(ServedModel model, float[] first, float[] second) {
    BisectingRunner.Success ran = (BisectingRunner.Success) new BisectingRunner(
        InferenceStep.SESSION).run(model, List.of(first, second), "b", false).get(1);
    FrameMeta frame = new FrameMeta("f-2", "tenant-a", "feed-1", 2, Instant.EPOCH,
        Modality.OTHER, QosClass.BATCH, null, SIZE, SIZE, false);
    return new ResultFactory("worker-1").inferred(frame,
        FrameRef.newBuilder().setTopic("frames").setPartition(0).setOffset(2).build(),
        new Route(model.task(), model), ran.outputs(),
        Timings.newBuilder().setQueueMs(0).setDecodeMs(0).setInferenceMs(0).setEndToEndMs(0)
            .build(),
        BatchInfo.newBuilder().setBatchId(ran.batchId()).setBatchSize(ran.batchSize()).build());
  }

  @Test
  void aClassifierThatAnswersTheMirroredFrameOtherwiseIsUnsureUnderFlipsThoughSureOfTheFrame(
      @TempDir Path tmp) throws Exception {
    try (LoadedModel loaded = ModelLoader.load(halvesClassifier(tmp.resolve("cls")))) {
      ServedModel model = new ServedModel("cls", loaded, Task.CLASSIFY, null, 0.5,
          UncertaintyMethod.FLIPS);

      Result result = second(model, image((x, y) -> false), image((x, y) -> x < SIZE / 2));

      // Views: "left" as is and upside-down, "right" mirrored; their mean is 2/3 : 1/3,
      // whose entropy over ln 2 is 0.918, where the frame's own answer has almost none.
      assertEquals(0.918, result.getUncertainty(), 1e-3);
      assertEquals("flips", result.getUncertaintyMethod());
      assertTrue(result.getNeedsReview());
      assertEquals("left", result.getClassification().getTop1Label());
      assertTrue(result.getClassification().getTop1Probability() > 0.999,
          "the classification is the frame's own, not the views' mean");
    }
  }

  @Test
  void aSegmentersFlippedMasksAreTurnedBackOntoTheFrameBeforeTheyAreAveraged(@TempDir Path tmp)
      throws Exception {
    try (LoadedModel loaded = ModelLoader.load(copyingSegmenter(tmp.resolve("seg")))) {
      float[] corner = image((x, y) -> x < 3 && y < 2);
      Result plain = second(new ServedModel("seg", loaded, Task.SEGMENT, null, 0.5,
          UncertaintyMethod.ENTROPY), image((x, y) -> true), corner);

      Result flips = second(new ServedModel("seg", loaded, Task.SEGMENT, null, 0.5,
          UncertaintyMethod.FLIPS), image((x, y) -> true), corner);

      // The mask follows the frame, so the three views agree once flipped back: a view left
      // flipped would put a third of the corner's weight elsewhere, and a mean of 1/3 or 2/3
      // has an entropy near 0.9 there.
      assertEquals(plain.getUncertainty(), flips.getUncertainty(), 1e-6);
      assertTrue(flips.getUncertainty() < 1e-3, "the copying segmenter is sure of every pixel");
      assertArrayEquals(plain.getSegmentation().getMaskPng().array(),
          flips.getSegmentation().getMaskPng().array());
      assertEquals(3 * 2, flips.getSegmentation().getBbox().getWidth()
          * flips.getSegmentation().getBbox().getHeight());
    }
  }
}
