package org.screening.workers.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.schemas.v1.BatchInfo;
import org.screening.schemas.v1.Classification;
import org.screening.schemas.v1.FrameRef;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Task;
import org.screening.schemas.v1.Timings;
import org.screening.workers.config.UncertaintyMethod;
import org.screening.workers.data.Sample;
import org.screening.workers.decode.FrameMeta;
import org.screening.workers.export.ModelInfo;
import org.screening.workers.training.ExportedLogits;
import org.screening.workers.training.TinyModels;

class ResultFactoryTest {

  /** A 60:40 answer: normalised entropy 0.971. */
  private static final float[] UNSURE = {0.6f, 0.4f};

  @Test
  void resultMoreUncertainThanItsModelsThresholdNeedsReview() {
    Result result = classified(0.9, UNSURE);
    assertEquals(0.971f, result.getUncertainty(), 1e-3);
    assertTrue(result.getNeedsReview());
  }

  @Test
  void resultWithinItsModelsThresholdNeedsNoReview() {
    Result result = classified(0.98, UNSURE);
    assertFalse(result.getNeedsReview());
  }

  @Test
  void classificationFromACalibratedCardIsSoftmaxOfTheLogitsOverItsTemperature(@TempDir Path tmp)
      throws Exception {
    // T < 1 sharpens: the untrained tiny model's near-uniform answers then move far enough from
    // the raw probabilities for the comparison to tell calibrated from uncalibrated.
    double temperature = 0.2;
    Path dir = copyOf(TinyModels.classifier(), tmp.resolve("medic-cls/1"));
    ModelInfo.read(dir).withCalibration(new ModelInfo.Calibration(temperature, 0, 0, 1, 15))
        .write(dir);
    Random random = new Random(5);
    try (LoadedModel loaded = ModelLoader.load(dir)) {
      ServedModel model = new ServedModel("cls", loaded, Task.CLASSIFY, null, 1,
          UncertaintyMethod.ENTROPY);
      for (int image = 0; image < 3; image++) {
        float[] pixels = new float[28 * 28 * 3];
        for (int i = 0; i < pixels.length; i++) {
          pixels[i] = random.nextFloat();
        }
        float[] raw = Predictions.run(loaded, pixels, 1, ResultFactory.OUTPUTS)
            .get("probabilities");
        float[] logits = ExportedLogits.of(loaded,
            List.of(new Sample("random-" + image, null, pixels, 0, null)))[0];
        double[] expected = Softmax.of(new double[] {logits[0], logits[1]}, temperature);

        Classification c = classified(model, raw).getClassification();

        assertEquals(expected[0], c.getProbabilities().get(0), 1e-5);
        assertEquals(expected[1], c.getProbabilities().get(1), 1e-5);
        assertEquals(Math.max(expected[0], expected[1]), c.getTop1Probability(), 1e-5);
        assertTrue(Math.abs(expected[0] - raw[0]) > 1e-3, "calibration changes the answer");
      }
    }
  }

  @Test
  void aFrameNotAskingToExplainGetsNoHeatMapThoughItsBatchFetchedOne() {
    ModelInfo info = new ModelInfo("cls", "1", "classify", List.of("benign", "malignant"),
        new ModelInfo.Input(2, 2, 3, "float32", 0, 1), "", Map.of(), 0, 0, null, "sha",
        Map.of(), null);
    ServedModel model = new ServedModel("cls",
        new LoadedModel(info, null, null, new GradCam(null, null, null, null, 1, 1), null),
        Task.CLASSIFY, null, 1, UncertaintyMethod.ENTROPY);
    FrameMeta frame = new FrameMeta("f-1", "tenant-a", "feed-1", 1, Instant.EPOCH,
        Modality.OTHER, QosClass.BATCH, null, 2, 2, false);

    Result result = new ResultFactory("worker-1").inferred(frame,
        FrameRef.newBuilder().setTopic("frames").setPartition(0).setOffset(7).build(),
        new Route(Task.CLASSIFY, model),
        Map.of("probabilities", UNSURE, GradCam.OUTPUT, new float[] {1f}),
        Timings.newBuilder().setQueueMs(0).setDecodeMs(0).setInferenceMs(0).setEndToEndMs(0)
            .build(),
        BatchInfo.newBuilder().setBatchId("b").setBatchSize(2).build());

    assertNull(result.getClassification().getExplanationPng());
  }

  private static Path copyOf(Path model, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    try (Stream<Path> files = Files.walk(model)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(model.relativize(file).toString()));
      }
    }
    return to;
  }

  private static Result classified(double reviewThreshold, float[] probabilities) {
    ModelInfo info = new ModelInfo("cls", "1", "classify", List.of("benign", "malignant"),
        new ModelInfo.Input(2, 2, 3, "float32", 0, 1), "", Map.of(), 0, 0, null, "sha",
        Map.of(), null);
    return classified(new ServedModel("cls", new LoadedModel(info, null, null), Task.CLASSIFY,
        null, reviewThreshold, UncertaintyMethod.ENTROPY), probabilities);
  }

  private static Result classified(ServedModel model, float[] probabilities) {
    FrameMeta frame = new FrameMeta("f-1", "tenant-a", "feed-1", 1, Instant.EPOCH,
        Modality.OTHER, QosClass.BATCH, null, 2, 2, false);
    FrameRef where = FrameRef.newBuilder().setTopic("frames").setPartition(0).setOffset(7)
        .build();
    Timings timings = Timings.newBuilder().setQueueMs(0).setDecodeMs(0).setInferenceMs(0)
        .setEndToEndMs(0).build();
    BatchInfo batch = BatchInfo.newBuilder().setBatchId("b").setBatchSize(1).build();
    return new ResultFactory("worker-1").inferred(frame, where, new Route(Task.CLASSIFY, model),
        Map.of("probabilities", probabilities), timings, batch);
  }
}
