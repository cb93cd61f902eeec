package org.screening.schemas;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.screening.schemas.v1.BatchInfo;
import org.screening.schemas.v1.BoundingBox;
import org.screening.schemas.v1.Classification;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.ImageEncoding;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.ModelRef;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Segmentation;
import org.screening.schemas.v1.Task;
import org.screening.schemas.v1.Timings;

/** Fully populated records, so round trips exercise every field and union branch. */
final class Samples {

  private Samples() {}

  static Frame frame() {
    return Frame.newBuilder()
        .setFrameId("f-17")
        .setTenant("clinic-a")
        .setFeedId("tower-3")
        .setSequence(17L)
        .setCaptureTime(Instant.ofEpochMilli(1_700_000_000_123L))
        .setModality(Modality.ENDOSCOPY_FRAME)
        .setEncoding(ImageEncoding.RAW_U8)
        .setWidth(2)
        .setHeight(1)
        .setChannels(3)
        .setPixels(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, (byte) 255}))
        .setPixelsRef(null)
        .setTasks(List.of(Task.CLASSIFY, Task.SEGMENT))
        .setModelOverride("medic-cls:1")
        .setQos(QosClass.LIVE)
        .setDeadline(Instant.ofEpochMilli(1_700_000_000_623L))
        .setAttributes(Map.of("scanner", "olympus"))
        .build();
  }

  static Result result() {
    return Result.newBuilder()
        .setResultKey(ResultKeys.of("f-17", "medic-seg", "1"))
        .setFrameId("f-17")
        .setTenant("clinic-a")
        .setFeedId("tower-3")
        .setSequence(17L)
        .setCaptureTime(Instant.ofEpochMilli(1_700_000_000_123L))
        .setTask(Task.SEGMENT)
        .setModel(
            ModelRef.newBuilder()
                .setName("medic-seg")
                .setVersion("1")
                .setSha256("ab".repeat(32))
                .setOpLibrarySha256("cd".repeat(32))
                .build())
        .setClassification(
            Classification.newBuilder()
                .setLabels(List.of("benign", "malignant"))
                .setProbabilities(List.of(0.25f, 0.75f))
                .setTop1Label("malignant")
                .setTop1Probability(0.75f)
                .setEntropy(0.5623f)
                .build())
        .setSegmentation(
            Segmentation.newBuilder()
                .setMaskPng(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
                .setWidth(128)
                .setHeight(128)
                .setForegroundFraction(0.125f)
                .setBbox(
                    BoundingBox.newBuilder().setX(3).setY(4).setWidth(50).setHeight(60).build())
                .build())
        .setTimings(
            Timings.newBuilder()
                .setQueueMs(1.5)
                .setDecodeMs(0.25)
                .setInferenceMs(12.0)
                .setEndToEndMs(20.75)
                .build())
        .setBatch(BatchInfo.newBuilder().setBatchId("b-9").setBatchSize(8).build())
        .setWorkerId("worker-1")
        .setProducedAt(Instant.ofEpochMilli(1_700_000_000_150L))
        .build();
  }
}
