package org.screening.workers.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.ImageEncoding;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Task;

class DeadLetterPublisherTest {

  @Test
  void causeKeepsItsFirstLineOnly() {
    assertEquals("bad input", DeadLetterPublisher.cause("bad input\n [[1 2 3 ...]]\n"));
  }

  @Test
  void longCauseIsCutToTheLimit() {
    String cause = DeadLetterPublisher.cause("x".repeat(10_000));
    assertEquals(DeadLetterPublisher.MAX_CAUSE_CHARS, cause.length());
  }

  @Test
  void stubOfAFrameKeepsItsMetadataWithoutPixels() {
    byte[] stub = DeadLetterPublisher.withoutPixels(AvroCodec.frames().encode(frame(Map.of())));
    Frame read = AvroCodec.frames().decode(stub);
    assertEquals("f1", read.getFrameId());
    assertEquals(0, read.getPixels().remaining());
  }

  @Test
  void stubOfBytesThatAreNoFrameIsEmpty() {
    assertEquals(0, DeadLetterPublisher.withoutPixels(
        "not avro".getBytes(StandardCharsets.UTF_8)).length);
  }

  @Test
  void stubWhoseMetadataAloneIsOverTheBoundIsEmpty() {
    Frame big = frame(Map.of("note", "x".repeat(DeadLetterPublisher.MAX_STUB_BYTES)));
    assertEquals(0, DeadLetterPublisher.withoutPixels(AvroCodec.frames().encode(big)).length);
  }

  private static Frame frame(Map<String, String> attributes) {
    return Frame.newBuilder().setFrameId("f1").setTenant("t").setFeedId("feed").setSequence(1)
        .setCaptureTime(Instant.EPOCH).setModality(Modality.PATHOLOGY_TILE)
        .setEncoding(ImageEncoding.RAW_U8).setWidth(100).setHeight(100).setChannels(1)
        .setPixels(ByteBuffer.wrap(new byte[10_000])).setTasks(List.of(Task.CLASSIFY))
        .setQos(QosClass.BATCH).setAttributes(attributes).build();
  }
}
