package org.screening.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;
import org.screening.schemas.v1.Classification;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Task;

/**
 * The explanation fields added after v1 (Frame.explain, Classification.explanation_png,
 * Result.involution_kernel_png): v1
 * producers' frames ask for no explanation, v1 workers' results carry none, and v1 consumers read
 * the new records ignoring both.
 */
class ExplanationFieldsCompatibilityTest {

  private static final Schema V1_FRAME = SchemaCatalog.published("v1").get(0);
  private static final Schema V1_RESULT = SchemaCatalog.published("v1").get(1);

  @Test
  void aV1ProducersFrameAsksForNoExplanation() throws Exception {
    Frame asking = Frame.newBuilder(Samples.frame()).setExplain(true).build();
    byte[] v1Message = asV1(V1_FRAME, AvroCodec.frames().encode(asking));

    Frame read = AvroCodec.frames().decode(v1Message);

    assertFalse(read.getExplain());
    assertEquals(asking.getFrameId(), read.getFrameId());
  }

  @Test
  void aV1ConsumerReadsAFrameAskingToExplainIgnoringTheFlag() throws Exception {
    Frame asking = Frame.newBuilder(Samples.frame()).setExplain(true).build();
    GenericRecord read = new BinaryMessageDecoder<GenericRecord>(
        GenericData.get(), V1_FRAME, SchemaCatalog.shipped())
        .decode(AvroCodec.frames().encode(asking));
    assertEquals(asking.getFrameId(), read.get("frame_id").toString());
    assertNull(read.getSchema().getField("explain"));
  }

  @Test
  void aV1ConsumerReadsAnExplainedClassificationIgnoringTheMaps() throws Exception {
    Result explained = explained();
    GenericRecord read = new BinaryMessageDecoder<GenericRecord>(
        GenericData.get(), V1_RESULT, SchemaCatalog.shipped())
        .decode(AvroCodec.results().encode(explained));
    GenericRecord classification = (GenericRecord) read.get("classification");
    assertEquals(explained.getClassification().getTop1Label(),
        classification.get("top1_label").toString());
    assertNull(classification.getSchema().getField("explanation_png"));
    assertNull(read.getSchema().getField("involution_kernel_png"));
  }

  @Test
  void aV1WorkersClassificationReadsAsUnexplained() throws Exception {
    byte[] v1Message = asV1(V1_RESULT, AvroCodec.results().encode(explained()));

    Result read = AvroCodec.results().decode(v1Message);

    assertNull(read.getClassification().getExplanationPng());
    assertNull(read.getInvolutionKernelPng());
    assertEquals(explained().getClassification().getProbabilities(),
        read.getClassification().getProbabilities());
  }

  /** What a v1 client writes: the record projected onto the v1 schema and encoded with it. */
  private static byte[] asV1(Schema v1, byte[] current) throws Exception {
    GenericRecord projected = new BinaryMessageDecoder<GenericRecord>(
        GenericData.get(), v1, SchemaCatalog.shipped()).decode(current);
    return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(projected)
        .array();
  }

  private static Result explained() {
    Classification classification = Classification.newBuilder()
        .setLabels(List.of("axial", "coronal"))
        .setProbabilities(List.of(0.9f, 0.1f))
        .setTop1Label("axial").setTop1Probability(0.9f).setEntropy(0.33f)
        .setExplanationPng(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
        .build();
    return Result.newBuilder(Samples.result())
        .setTask(Task.CLASSIFY)
        .setSegmentation(null)
        .setClassification(classification)
        .setInvolutionKernelPng(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
        .build();
  }
}
