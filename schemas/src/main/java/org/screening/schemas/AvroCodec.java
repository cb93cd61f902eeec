package org.screening.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Summary;

/**
 * Encodes records as Avro single-object messages (marker {@code C3 01}, 8-byte little-endian
 * CRC-64-AVRO fingerprint of the writer schema, Avro binary body) and decodes them into the current
 * generated class, resolving any compatible writer schema known to the {@link SchemaCatalog}.
 * Thread-safe; share one instance per record type.
 *
 * <p>Decoding is done here rather than by Avro's {@code BinaryMessageDecoder} so that every failure
 * surfaces as one typed {@link MessageDecodingException} with a dead-letter reason, and so that
 * bytes left over after the record count as corruption instead of being ignored.
 */
public final class AvroCodec<T extends SpecificRecord> {

  private static final byte MARKER_0 = (byte) 0xC3;
  private static final byte MARKER_1 = (byte) 0x01;
  private static final int HEADER_LENGTH = 10;

  static {
    GeneratedClassTrust.install();
  }

  private static final AvroCodec<Frame> FRAMES = of(Frame.class, SchemaCatalog.shipped());
  private static final AvroCodec<Result> RESULTS = of(Result.class, SchemaCatalog.shipped());
  private static final AvroCodec<Summary> SUMMARIES = of(Summary.class, SchemaCatalog.shipped());

  private final Schema readerSchema;
  private final SpecificData model;
  private final SchemaCatalog catalog;
  private final BinaryMessageEncoder<T> encoder;
  // Only fingerprints that resolved are cached, so junk headers cannot grow the map.
  private final Map<Long, DatumReader<T>> readers = new ConcurrentHashMap<>();

  private AvroCodec(Schema readerSchema, SpecificData model, SchemaCatalog catalog) {
    this.readerSchema = readerSchema;
    this.model = model;
    this.catalog = catalog;
    this.encoder = new BinaryMessageEncoder<>(model, readerSchema);
  }

  /** The codec for {@code screening.frames.v1} values. */
  public static AvroCodec<Frame> frames() {
    return FRAMES;
  }

  /** The codec for {@code screening.results.v1} values. */
  public static AvroCodec<Result> results() {
    return RESULTS;
  }

  /** The codec for {@code screening.summaries.v1} values. */
  public static AvroCodec<Summary> summaries() {
    return SUMMARIES;
  }

  /** A codec for any generated record class, reading the writer schemas of {@code catalog}. */
  public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type, SchemaCatalog catalog) {
    // The class's own model carries its logical-type conversions (timestamp-millis -> Instant).
    SpecificData model = SpecificData.getForClass(type);
    return new AvroCodec<>(model.getSchema(type), model, catalog);
  }

  /** The schema records are written with and decoded into. */
  public Schema schema() {
    return readerSchema;
  }

  /** The single-object encoding of {@code record} with the current schema. */
  public byte[] encode(T record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      encoder.encode(record, out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to an in-memory buffer", e);
    }
    return out.toByteArray();
  }

  /**
   * Decodes a single-object encoded message.
   *
   * @throws NotSingleObjectEncodedException if the marker or the fingerprint is missing
   * @throws UnknownSchemaException if the fingerprint names no schema readable as {@code T}
   * @throws CorruptMessageException if the body is truncated, malformed or followed by extra bytes
   */
  public T decode(byte[] message) {
    if (message == null || message.length < HEADER_LENGTH) {
      throw new NotSingleObjectEncodedException(
          "not Avro single-object encoded: "
              + (message == null ? "no value" : message.length + " bytes")
              + ", shorter than the "
              + HEADER_LENGTH
              + "-byte header");
    }
    if (message[0] != MARKER_0 || message[1] != MARKER_1) {
      throw new NotSingleObjectEncodedException(
          String.format(
              "not Avro single-object encoded: starts with %02X %02X, expected C3 01",
              message[0], message[1]));
    }
    long fingerprint = ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    DatumReader<T> reader = readerFor(fingerprint);
    BinaryDecoder body =
        DecoderFactory.get()
            .binaryDecoder(message, HEADER_LENGTH, message.length - HEADER_LENGTH, null);
    T record;
    try {
      record = reader.read(null, body);
    } catch (IOException | RuntimeException e) {
      throw new CorruptMessageException(
          String.format(
              "corrupt or truncated %s body (%d bytes, schema fingerprint %s): %s",
              readerSchema.getName(), message.length, SchemaCatalog.toHex(fingerprint), e),
          e);
    }
    if (!fullyRead(body)) {
      throw new CorruptMessageException(
          String.format(
              "corrupt %s message: bytes left over after the record (%d bytes in all)",
              readerSchema.getName(), message.length),
          null);
    }
    return record;
  }

  // Incompatibility.toString() embeds both schemas whole: far too long for a header.
  private static String describe(SchemaCompatibilityResult compatibility) {
    return compatibility.getIncompatibilities().stream()
        .limit(3)
        .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
        .collect(Collectors.joining("; "));
  }

  private static boolean fullyRead(BinaryDecoder body) {
    try {
      return body.isEnd();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read an in-memory buffer", e);
    }
  }

  private DatumReader<T> readerFor(long fingerprint) {
    DatumReader<T> cached = readers.get(fingerprint);
    if (cached != null) {
      return cached;
    }
    Schema writer = catalog.findByFingerprint(fingerprint);
    if (writer == null) {
      throw new UnknownSchemaException(
          fingerprint,
          String.format(
              "unknown schema fingerprint %s: no schema shipped with this build has it"
                  + " (written with a newer schema version?)",
              SchemaCatalog.toHex(fingerprint)));
    }
    SchemaCompatibilityResult compatibility =
        SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer).getResult();
    if (compatibility.getCompatibility() != SchemaCompatibilityType.COMPATIBLE) {
      throw new UnknownSchemaException(
          fingerprint,
          String.format(
              "schema fingerprint %s is %s, which cannot be read as %s: %s",
              SchemaCatalog.toHex(fingerprint),
              writer.getFullName(),
              readerSchema.getFullName(),
              describe(compatibility)));
    }
    DatumReader<T> reader = new SpecificDatumReader<>(writer, readerSchema, model);
    DatumReader<T> raced = readers.putIfAbsent(fingerprint, reader);
    return raced != null ? raced : reader;
  }
}
