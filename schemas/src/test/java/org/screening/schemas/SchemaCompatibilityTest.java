package org.screening.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.Result;

/**
 * The current schemas against every published release: each must read the other's data, so
 * producers and consumers can be upgraded in any order.
 */
class SchemaCompatibilityTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static List<String> releases() {
    return SchemaCatalog.PUBLISHED_RELEASES;
  }

  @ParameterizedTest
  @MethodSource("releases")
  void currentReadsPublishedAndPublishedReadsCurrent(String release) {
    List<Schema> published = SchemaCatalog.published(release);
    List<Schema> current = List.of(Frame.getClassSchema(), Result.getClassSchema());
    for (int i = 0; i < current.size(); i++) {
      assertCompatible(current.get(i), published.get(i));
      assertCompatible(published.get(i), current.get(i));
    }
  }

  @ParameterizedTest
  @MethodSource("releases")
  void codecDecodesFramesWrittenWithThePublishedSchema(String release) throws IOException {
    Schema publishedFrame = SchemaCatalog.published(release).get(0);
    byte[] message = writeWith(publishedFrame, Samples.frame());
    assertEquals(Samples.frame(), AvroCodec.frames().decode(message));
  }

  @ParameterizedTest
  @MethodSource("releases")
  void codecDecodesResultsWrittenWithThePublishedSchema(String release) throws IOException {
    Schema publishedResult = SchemaCatalog.published(release).get(1);
    byte[] message = writeWith(publishedResult, Samples.result());
    assertEquals(Samples.result(), AvroCodec.results().decode(message));
  }

  @ParameterizedTest
  @MethodSource("releases")
  void publishedReaderDecodesWhatTheCodecWrites(String release) throws IOException {
    Schema publishedFrame = SchemaCatalog.published(release).get(0);
    BinaryMessageDecoder<GenericRecord> oldConsumer =
        new BinaryMessageDecoder<>(GenericData.get(), publishedFrame, SchemaCatalog.shipped());
    GenericRecord read = oldConsumer.decode(AvroCodec.frames().encode(Samples.frame()));
    assertEquals("f-17", read.get("frame_id").toString());
    assertEquals(Samples.frame().getCaptureTime().toEpochMilli(), read.get("capture_time"));
  }

  @Test
  void publishedReleasesAreFrozen() {
    // A published schema is a promise to every producer that uses it: its fingerprint never moves.
    List<Schema> v1 = SchemaCatalog.published("v1");
    assertEquals("60d08194ef3ac76f", SchemaCatalog.toHex(SchemaCatalog.fingerprint(v1.get(0))));
    assertEquals("1bab03365f791fad", SchemaCatalog.toHex(SchemaCatalog.fingerprint(v1.get(1))));
  }

  @Test
  void catalogKnowsEveryShippedSchema() {
    SchemaCatalog catalog = SchemaCatalog.shipped();
    for (Schema schema : List.of(Frame.getClassSchema(), Result.getClassSchema())) {
      assertNotNull(catalog.findByFingerprint(SchemaCatalog.fingerprint(schema)));
    }
    for (String release : SchemaCatalog.PUBLISHED_RELEASES) {
      for (Schema schema : SchemaCatalog.published(release)) {
        assertNotNull(catalog.findByFingerprint(SchemaCatalog.fingerprint(schema)));
      }
    }
  }

  @Test
  void addingAFieldWithoutDefaultIsDetected() throws IOException {
    Schema breaking =
        withExtraField(Frame.getClassSchema(), "{\"name\": \"site\", \"type\": \"string\"}");
    var result =
        SchemaCompatibility.checkReaderWriterCompatibility(breaking, Frame.getClassSchema());
    assertEquals(SchemaCompatibilityType.INCOMPATIBLE, result.getType());
    assertEquals(
        SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE,
        result.getResult().getIncompatibilities().get(0).getType());
  }

  @Test
  void newerWriterWithAnExtraDefaultedFieldIsReadByResolution() throws IOException {
    Schema newer =
        withExtraField(
            Frame.getClassSchema(),
            "{\"name\": \"site\", \"type\": \"string\", \"default\": \"\"}");
    assertCompatible(Frame.getClassSchema(), newer);
    AvroCodec<Frame> codec = AvroCodec.of(Frame.class, catalogWith(newer));

    GenericRecord record = asGeneric(newer, Samples.frame());
    record.put("site", "ward-7");
    assertEquals(Samples.frame(), codec.decode(encodeGeneric(newer, record)));
  }

  @Test
  void newerModalityReadsAsOtherThanksToTheEnumDefault() throws IOException {
    Schema newer =
        new Schema.Parser()
            .parse(
                Frame.getClassSchema()
                    .toString()
                    .replace("\"OTHER\"]", "\"OTHER\",\"DERMOSCOPY_IMAGE\"]"));
    assertCompatible(Frame.getClassSchema(), newer);
    AvroCodec<Frame> codec = AvroCodec.of(Frame.class, catalogWith(newer));

    GenericRecord record = asGeneric(newer, Samples.frame());
    Schema modality = newer.getField("modality").schema();
    record.put("modality", new GenericData.EnumSymbol(modality, "DERMOSCOPY_IMAGE"));
    assertEquals(Modality.OTHER, codec.decode(encodeGeneric(newer, record)).getModality());
  }

  @Test
  void unknownNewerSchemaIsRefusedByTheShippedCatalog() throws IOException {
    Schema newer =
        withExtraField(
            Frame.getClassSchema(),
            "{\"name\": \"site\", \"type\": \"string\", \"default\": \"\"}");
    byte[] message = encodeGeneric(newer, asGeneric(newer, Samples.frame()));
    UnknownSchemaException e =
        assertThrows(UnknownSchemaException.class, () -> AvroCodec.frames().decode(message));
    assertEquals(SchemaCatalog.fingerprint(newer), e.fingerprint());
  }

  private static void assertCompatible(Schema reader, Schema writer) {
    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    assertEquals(SchemaCompatibilityType.COMPATIBLE, result.getType(), result.getDescription());
  }

  private static SchemaCatalog catalogWith(Schema extra) {
    List<Schema> schemas = new ArrayList<>(SchemaCatalog.shipped().schemas());
    schemas.add(extra);
    return new SchemaCatalog(schemas);
  }

  private static Schema withExtraField(Schema base, String fieldJson) throws IOException {
    ObjectNode schema = (ObjectNode) JSON.readTree(base.toString());
    ((ArrayNode) schema.get("fields")).add(JSON.readTree(fieldJson));
    return new Schema.Parser().parse(schema.toString());
  }

  /** The record as a generic record of {@code schema}, via the binary form of its own schema. */
  private static GenericRecord asGeneric(Schema schema, SpecificRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
    encoder.flush();
    return new GenericDatumReader<GenericRecord>(record.getSchema(), schema)
        .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
  }

  private static byte[] encodeGeneric(Schema schema, GenericRecord record) throws IOException {
    return toArray(
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record));
  }

  private static byte[] writeWith(Schema writer, SpecificRecord record) throws IOException {
    return encodeGeneric(writer, asGeneric(writer, record));
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
