package org.screening.summaries;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * State-store values as JSON: internal to this role (its stores and their changelogs), so a field
 * added later reads as its default from older entries.
 */
final class JsonSerde {

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private JsonSerde() {}

  static <T> Serde<T> of(Class<T> type) {
    Serializer<T> serializer = (topic, value) -> {
      try {
        return value == null ? null : JSON.writeValueAsBytes(value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    Deserializer<T> deserializer = (topic, bytes) -> {
      try {
        return bytes == null ? null : JSON.readValue(bytes, type);
      } catch (IOException e) {
        throw new UncheckedIOException("unreadable " + type.getSimpleName() + " in state", e);
      }
    };
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
