package org.screening.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Summary;

/**
 * In-process schema registry: every writer schema this build can read, by CRC-64-AVRO fingerprint.
 * It holds the current schemas (the generated classes) and every published release shipped in the
 * jar, so a message written by an older or newer compatible producer is decoded by Avro schema
 * resolution instead of being dead-lettered.
 *
 * <p>Implements Avro's {@link SchemaStore}, so it also plugs into {@code
 * Frame.createDecoder(SchemaCatalog.shipped())}.
 */
public final class SchemaCatalog implements SchemaStore {

  /**
   * Frozen copies of every released schema set, oldest first, under {@code
   * org/screening/schemas/published/<release>/}. A release is never edited once listed here.
   */
  public static final List<String> PUBLISHED_RELEASES = List.of("v1");

  /**
   * The schema files of a release, in parse order: Result.avsc uses the Task enum of Frame.avsc.
   */
  public static final List<String> SCHEMA_FILES = List.of("Frame.avsc", "Result.avsc");

  private static final SchemaCatalog SHIPPED = loadShipped();

  private final Map<Long, Schema> byFingerprint;

  /** A catalog of exactly these schemas; the first of equal fingerprints wins. */
  public SchemaCatalog(Collection<Schema> schemas) {
    Map<Long, Schema> map = new LinkedHashMap<>();
    for (Schema schema : schemas) {
      map.putIfAbsent(fingerprint(schema), schema);
    }
    this.byFingerprint = Collections.unmodifiableMap(map);
  }

  /** The current schemas plus every published release in this jar. */
  public static SchemaCatalog shipped() {
    return SHIPPED;
  }

  /** The schemas of one published release, in {@link #SCHEMA_FILES} order. */
  public static List<Schema> published(String release) {
    Schema.Parser parser = new Schema.Parser();
    List<Schema> schemas = new ArrayList<>();
    for (String file : SCHEMA_FILES) {
      String path = "published/" + release + "/" + file;
      try (InputStream in = SchemaCatalog.class.getResourceAsStream(path)) {
        if (in == null) {
          throw new IllegalStateException("missing schema resource " + path);
        }
        schemas.add(parser.parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read schema resource " + path, e);
      }
    }
    return schemas;
  }

  /** CRC-64-AVRO (Rabin) fingerprint of the schema's parsing canonical form. */
  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  /**
   * A fingerprint as 16 hex digits of the unsigned 64-bit number. Messages carry it little-endian,
   * so a hex dump of the header shows the bytes in reverse order.
   */
  public static String toHex(long fingerprint) {
    return String.format("%016x", fingerprint);
  }

  @Override
  public Schema findByFingerprint(long fingerprint) {
    return byFingerprint.get(fingerprint);
  }

  /** All schemas of this catalog, one per fingerprint. */
  public Collection<Schema> schemas() {
    return byFingerprint.values();
  }

  private static SchemaCatalog loadShipped() {
    List<Schema> schemas =
        new ArrayList<>(
            List.of(Frame.getClassSchema(), Result.getClassSchema(), Summary.getClassSchema()));
    for (String release : PUBLISHED_RELEASES) {
      schemas.addAll(published(release));
    }
    return new SchemaCatalog(schemas);
  }
}
