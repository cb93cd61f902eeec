package org.screening.workers.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.screening.schemas.v1.BatchInfo;
import org.screening.schemas.v1.FrameRef;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Task;
import org.screening.schemas.v1.Timings;
import org.screening.workers.decode.FrameMeta;
import org.screening.workers.export.ModelInfo;

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

  private static Result classified(double reviewThreshold, float[] probabilities) {
    ModelInfo info = new ModelInfo("cls", "1", "classify", List.of("benign", "malignant"),
        new ModelInfo.Input(2, 2, 3, "float32", 0, 1), "", Map.of(), 0, 0, null, "sha",
        Map.of());
    ServedModel model = new ServedModel("cls", new LoadedModel(info, null, null), Task.CLASSIFY,
        null, reviewThreshold);
    FrameMeta frame = new FrameMeta("f-1", "tenant-a", "feed-1", 1, Instant.EPOCH,
        Modality.OTHER, QosClass.BATCH, null, 2, 2);
    FrameRef where = FrameRef.newBuilder().setTopic("frames").setPartition(0).setOffset(7)
        .build();
    Timings timings = Timings.newBuilder().setQueueMs(0).setDecodeMs(0).setInferenceMs(0)
        .setEndToEndMs(0).build();
    BatchInfo batch = BatchInfo.newBuilder().setBatchId("b").setBatchSize(1).build();
    return new ResultFactory("worker-1").inferred(frame, where, new Route(Task.CLASSIFY, model),
        Map.of("probabilities", probabilities), timings, batch);
  }
}
