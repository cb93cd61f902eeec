package org.screening.gateway.fanout;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.screening.schemas.v1.Summary;

/**
 * A Summary as JSON, field for field as in {@code Summary.avsc} (so its docs apply, and fields
 * the schema gains appear without a change here): unions as their value or null, enums by name,
 * bytes (the heat map) as base64, timestamps as ISO-8601 instants.
 */
final class SummaryJson {

  private SummaryJson() {}

  static JsonObject of(Summary summary) {
    return record(summary);
  }

  private static JsonObject record(IndexedRecord record) {
    JsonObject json = new JsonObject();
    for (Schema.Field field : record.getSchema().getFields()) {
      json.put(field.name(), value(record.get(field.pos())));
    }
    return json;
  }

  private static Object value(Object value) {
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof IndexedRecord record) {
      return record(record);
    }
    if (value instanceof Collection<?> items) {
      JsonArray array = new JsonArray();
      items.forEach(item -> array.add(value(item)));
      return array;
    }
    if (value instanceof ByteBuffer bytes) {
      ByteBuffer view = bytes.duplicate();
      byte[] copy = new byte[view.remaining()];
      view.get(copy);
      return Base64.getEncoder().encodeToString(copy);
    }
    if (value instanceof Instant instant) {
      return instant.toString();
    }
    return value.toString(); // strings (String or Utf8) and enum symbols
  }
}
