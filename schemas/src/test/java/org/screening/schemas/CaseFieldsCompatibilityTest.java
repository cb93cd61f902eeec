package org.screening.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.junit.jupiter.api.Test;
import org.screening.schemas.v1.CaseKind;
import org.screening.schemas.v1.CaseTimings;
import org.screening.schemas.v1.ClosedBy;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.SlideSummary;
import org.screening.schemas.v1.SlideTile;
import org.screening.schemas.v1.Summary;
import org.screening.schemas.v1.TileScore;

/**
 * The slide and procedure fields added to Frame after v1 (tile, last_in_feed) and the Summary
 * message: old producers and consumers keep working on both sides of the change.
 */
class CaseFieldsCompatibilityTest {

  @Test
  void aV1FrameReadsAsNoTileAndNotTheLast() throws Exception {
    Schema v1Frame = SchemaCatalog.published("v1").get(0);
    GenericRecord old = new GenericData.Record(v1Frame);
    Frame sample = Samples.frame();
    for (Schema.Field field : v1Frame.getFields()) {
      old.put(field.name(), GenericData.get().deepCopy(field.schema(), genericValue(sample, field)));
    }
    byte[] message = new org.apache.avro.message.BinaryMessageEncoder<GenericRecord>(
        GenericData.get(), v1Frame).encode(old).array();
    Frame read = AvroCodec.frames().decode(message);
    assertNull(read.getTile());
    assertFalse(read.getLastInFeed());
    assertEquals(sample.getFrameId(), read.getFrameId());
  }

  @Test
  void aV1ConsumerReadsATileFrameIgnoringTheNewFields() throws Exception {
    Frame tile = Frame.newBuilder(Samples.frame())
        .setTile(SlideTile.newBuilder().setSlideId("s-1").setLevel(1).setX(256).setY(512)
            .setWidth(256).setHeight(256).setSlideWidth(2048).setSlideHeight(1536)
            .setTilesTotal(40).setTilesSkipped(8).build())
        .setLastInFeed(true)
        .build();
    Schema v1Frame = SchemaCatalog.published("v1").get(0);
    BinaryMessageDecoder<GenericRecord> oldConsumer =
        new BinaryMessageDecoder<>(GenericData.get(), v1Frame, SchemaCatalog.shipped());
    GenericRecord read = oldConsumer.decode(AvroCodec.frames().encode(tile));
    assertEquals(tile.getFrameId(), read.get("frame_id").toString());
    assertNull(read.getSchema().getField("tile"));
  }

  @Test
  void aSlideSummaryRoundTripsThroughTheCodec() {
    Summary summary = Summary.newBuilder()
        .setTenant("t").setFeedId("slide-1").setKind(CaseKind.SLIDE)
        .setClosedBy(ClosedBy.ALL_ANSWERED).setFramesSent(3).setFramesScreened(3)
        .setFramesDroppedStale(0).setFramesDroppedDeadline(0).setFramesUnanswered(0)
        .setModel("medic-cls:1").setScoreLabel("").setMaxScore(0.9f)
        .setSlide(SlideSummary.newBuilder().setSlideId("s").setLevel(0).setSlideWidth(512)
            .setSlideHeight(256).setTilesAnnounced(3).setTilesScreened(3).setTilesSkipped(5)
            .setScore(0.8f).setTopK(2)
            .setTopTiles(List.of(TileScore.newBuilder().setSequence(2).setX(0).setY(0)
                .setWidth(128).setHeight(128).setScore(0.9f).build()))
            .setHeatmapPng(ByteBuffer.wrap(new byte[] {1, 2})).setHeatmapWidth(4)
            .setHeatmapHeight(2).build())
        .setTimings(CaseTimings.newBuilder().setFirstCaptureTime(Instant.ofEpochMilli(1))
            .setLastCaptureTime(Instant.ofEpochMilli(2)).setLastResultTime(Instant.ofEpochMilli(3))
            .setEndToEndP50Ms(1).setEndToEndP99Ms(2).setEndToEndMaxMs(3).build())
        .setProducedAt(Instant.ofEpochMilli(4))
        .build();
    assertEquals(summary, AvroCodec.summaries().decode(AvroCodec.summaries().encode(summary)));
  }

  private static Object genericValue(Frame frame, Schema.Field field) {
    Object value = frame.get(frame.getSchema().getField(field.name()).pos());
    if (value instanceof Instant instant) {
      return instant.toEpochMilli();
    }
    if (value instanceof Enum<?> symbol) {
      Schema enumSchema = field.schema().getType() == Schema.Type.ENUM ? field.schema() : null;
      return new GenericData.EnumSymbol(enumSchema, symbol.name());
    }
    if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Enum<?>) {
      Schema items = field.schema().getElementType();
      return new GenericData.Array<>(field.schema(),
          list.stream().map(e -> new GenericData.EnumSymbol(items, ((Enum<?>) e).name())).toList());
    }
    return value;
  }
}
