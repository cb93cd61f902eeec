package org.screening.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;
import org.screening.schemas.v1.FrameRef;
import org.screening.schemas.v1.Result;

/**
 * The fields added to Result after v1 for the viewer (frame_ref, uncertainty, uncertainty_method,
 * needs_review): a v1 consumer reads new results, and results from v1 workers read as "no
 * position, no figure, no method, no review asked".
 */
class ReviewFieldsCompatibilityTest {

  private static final Schema V1_RESULT = SchemaCatalog.published("v1").get(1);

  @Test
  void aV1ConsumerReadsAReviewedResultIgnoringTheNewFields() throws Exception {
    Result reviewed = reviewed();
    BinaryMessageDecoder<GenericRecord> oldConsumer =
        new BinaryMessageDecoder<>(GenericData.get(), V1_RESULT, SchemaCatalog.shipped());
    GenericRecord read = oldConsumer.decode(AvroCodec.results().encode(reviewed));
    assertEquals(reviewed.getResultKey(), read.get("result_key").toString());
    assertNull(read.getSchema().getField("needs_review"));
  }

  @Test
  void aV1WorkersResultReadsAsNoPositionNoFigureAndNoReview() throws Exception {
    // What a v1 worker writes: the same result, projected onto the v1 schema and encoded with it.
    GenericRecord asV1 = new BinaryMessageDecoder<GenericRecord>(
        GenericData.get(), V1_RESULT, SchemaCatalog.shipped())
        .decode(AvroCodec.results().encode(reviewed()));
    byte[] v1Message =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), V1_RESULT).encode(asV1).array();

    Result read = AvroCodec.results().decode(v1Message);

    assertNull(read.getFrameRef());
    assertNull(read.getUncertainty());
    assertNull(read.getUncertaintyMethod());
    assertFalse(read.getNeedsReview());
    assertEquals(Samples.result().getClassification(), read.getClassification());
  }

  private static Result reviewed() {
    return Result.newBuilder(Samples.result())
        .setFrameRef(FrameRef.newBuilder().setTopic(Topics.FRAMES).setPartition(3).setOffset(41)
            .build())
        .setUncertainty(0.8f)
        .setUncertaintyMethod("flips")
        .setNeedsReview(true)
        .build();
  }
}
