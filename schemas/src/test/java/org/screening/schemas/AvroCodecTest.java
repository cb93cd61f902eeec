package org.screening.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.avro.message.BinaryMessageDecoder;
import org.junit.jupiter.api.Test;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.Result;

class AvroCodecTest {

  private final AvroCodec<Frame> frames = AvroCodec.frames();
  private final AvroCodec<Result> results = AvroCodec.results();

  @Test
  void frameRoundTrips() {
    Frame frame = Samples.frame();
    assertEquals(frame, frames.decode(frames.encode(frame)));
  }

  @Test
  void resultRoundTrips() {
    Result result = Samples.result();
    assertEquals(result, results.decode(results.encode(result)));
  }

  @Test
  void frameWithReferenceAndNoOptionalsRoundTrips() {
    Frame frame =
        Frame.newBuilder(Samples.frame())
            .setPixels(null)
            .setPixelsRef("file:///shared/slides/a.png")
            .setModelOverride(null)
            .setDeadline(null)
            .build();
    assertEquals(frame, frames.decode(frames.encode(frame)));
  }

  @Test
  void headerIsMarkerThenLittleEndianFingerprint() {
    byte[] message = frames.encode(Samples.frame());
    assertEquals((byte) 0xC3, message[0]);
    assertEquals((byte) 0x01, message[1]);
    long fingerprint = ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(SchemaCatalog.fingerprint(Frame.getClassSchema()), fingerprint);
  }

  @Test
  void interoperatesWithAvrosOwnMessageCoders() throws Exception {
    Frame frame = Samples.frame();
    byte[] ours = frames.encode(frame);
    assertEquals(frame, Frame.getDecoder().decode(ours));
    assertEquals(frame, frames.decode(toArray(Frame.getEncoder().encode(frame))));
    BinaryMessageDecoder<Frame> storeBacked = Frame.createDecoder(SchemaCatalog.shipped());
    assertEquals(frame, storeBacked.decode(ours));
  }

  @Test
  void rejectsBytesWithoutTheMarker() {
    byte[] json = "{\"frame_id\":\"f-17\",\"tenant\":\"a\"}".getBytes();
    NotSingleObjectEncodedException e =
        assertThrows(NotSingleObjectEncodedException.class, () -> frames.decode(json));
    assertTrue(e.getMessage().startsWith("not Avro single-object encoded"), e.getMessage());
    assertEquals(DeadLetterReason.UNDECODABLE_MESSAGE, e.reason());
  }

  @Test
  void rejectsMessagesShorterThanTheHeader() {
    byte[] stub = {(byte) 0xC3, 0x01, 1, 2};
    assertThrows(NotSingleObjectEncodedException.class, () -> frames.decode(stub));
    assertThrows(NotSingleObjectEncodedException.class, () -> frames.decode(new byte[0]));
    assertThrows(NotSingleObjectEncodedException.class, () -> frames.decode(null));
  }

  @Test
  void namesAnUnknownFingerprint() {
    byte[] message = frames.encode(Samples.frame());
    ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(0x0123456789abcdefL);
    UnknownSchemaException e =
        assertThrows(UnknownSchemaException.class, () -> frames.decode(message));
    assertEquals(0x0123456789abcdefL, e.fingerprint());
    assertTrue(
        e.getMessage().startsWith("unknown schema fingerprint 0123456789abcdef"), e.getMessage());
    assertEquals(DeadLetterReason.UNKNOWN_SCHEMA, e.reason());
  }

  @Test
  void refusesAResultOnTheFramesTopic() {
    byte[] result = results.encode(Samples.result());
    UnknownSchemaException e =
        assertThrows(UnknownSchemaException.class, () -> frames.decode(result));
    assertTrue(e.getMessage().contains("org.screening.schemas.v1.Result"), e.getMessage());
    assertTrue(e.getMessage().contains("NAME_MISMATCH"), e.getMessage());
    assertTrue(e.getMessage().length() < 400, e.getMessage());
    assertEquals(DeadLetterReason.UNKNOWN_SCHEMA, e.reason());
  }

  @Test
  void detectsATruncatedBody() {
    byte[] message = frames.encode(Samples.frame());
    for (int length = 10; length < message.length; length++) {
      byte[] truncated = Arrays.copyOf(message, length);
      CorruptMessageException e =
          assertThrows(CorruptMessageException.class, () -> frames.decode(truncated));
      assertEquals(DeadLetterReason.UNDECODABLE_MESSAGE, e.reason());
    }
  }

  @Test
  void detectsBytesAfterTheRecord() {
    byte[] message = frames.encode(Samples.frame());
    byte[] padded = Arrays.copyOf(message, message.length + 3);
    CorruptMessageException e =
        assertThrows(CorruptMessageException.class, () -> frames.decode(padded));
    assertTrue(e.getMessage().contains("left over"), e.getMessage());
  }

  @Test
  void detectsAHugeLengthWithoutAllocatingIt() {
    // Header, then frame_id claiming 2^30 bytes (zig-zag varint): must fail fast, not allocate.
    byte[] header = Arrays.copyOf(frames.encode(Samples.frame()), 10);
    byte[] message = Arrays.copyOf(header, 15);
    byte[] length = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
    System.arraycopy(length, 0, message, 10, length.length);
    assertThrows(CorruptMessageException.class, () -> frames.decode(message));
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
