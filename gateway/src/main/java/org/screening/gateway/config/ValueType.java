package org.screening.gateway.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a configuration value is read from the JSON file and from its environment variable, and
 * written back as JSON. Environment variables hold one line of text, so lists are comma-separated
 * and maps are {@code k=v} pairs.
 */
interface ValueType<T> {

  T fromJson(Object json);

  T fromText(String text);

  Object toJson(T value);

  ValueType<String> STRING = new ValueType<>() {
    @Override
    public String fromJson(Object json) {
      if (!(json instanceof String s)) {
        throw new IllegalArgumentException("expected a string, got " + json);
      }
      return s;
    }

    @Override
    public String fromText(String text) {
      return text;
    }

    @Override
    public Object toJson(String value) {
      return value;
    }
  };

  ValueType<Integer> INT = new ValueType<>() {
    @Override
    public Integer fromJson(Object json) {
      if (json instanceof Number n && n.doubleValue() == n.intValue()) {
        return n.intValue();
      }
      throw new IllegalArgumentException("expected an integer, got " + json);
    }

    @Override
    public Integer fromText(String text) {
      return Integer.parseInt(text.trim());
    }

    @Override
    public Object toJson(Integer value) {
      return value;
    }
  };

  ValueType<Long> LONG = new ValueType<>() {
    @Override
    public Long fromJson(Object json) {
      if (json instanceof Number n && n.doubleValue() == n.longValue()) {
        return n.longValue();
      }
      throw new IllegalArgumentException("expected an integer, got " + json);
    }

    @Override
    public Long fromText(String text) {
      return Long.parseLong(text.trim());
    }

    @Override
    public Object toJson(Long value) {
      return value;
    }
  };

  ValueType<List<String>> STRING_LIST = new ValueType<>() {
    @Override
    public List<String> fromJson(Object json) {
      if (!(json instanceof JsonArray array)) {
        throw new IllegalArgumentException("expected an array of strings, got " + json);
      }
      List<String> values = new ArrayList<>();
      for (Object item : array) {
        values.add(STRING.fromJson(item));
      }
      return List.copyOf(values);
    }

    @Override
    public List<String> fromText(String text) {
      return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public Object toJson(List<String> value) {
      return new JsonArray(new ArrayList<>(value));
    }
  };

  ValueType<Map<String, String>> STRING_MAP = new ValueType<>() {
    @Override
    public Map<String, String> fromJson(Object json) {
      if (!(json instanceof JsonObject object)) {
        throw new IllegalArgumentException("expected an object of strings, got " + json);
      }
      Map<String, String> values = new LinkedHashMap<>();
      object.forEach(e -> values.put(e.getKey(), String.valueOf(e.getValue())));
      return Map.copyOf(values);
    }

    @Override
    public Map<String, String> fromText(String text) {
      Map<String, String> values = new LinkedHashMap<>();
      for (String pair : STRING_LIST.fromText(text)) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("expected key=value, got '" + pair + "'");
        }
        values.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
      return Map.copyOf(values);
    }

    @Override
    public Object toJson(Map<String, String> value) {
      return new JsonObject(new LinkedHashMap<>(value));
    }
  };

  ValueType<List<ApiKeySpec>> API_KEYS = new ValueType<>() {
    @Override
    public List<ApiKeySpec> fromJson(Object json) {
      return ApiKeySpec.listFromJson(json);
    }

    @Override
    public List<ApiKeySpec> fromText(String text) {
      return STRING_LIST.fromText(text).stream().map(ApiKeySpec::parse).toList();
    }

    @Override
    public Object toJson(List<ApiKeySpec> value) {
      return new JsonArray(value.stream().map(ApiKeySpec::toJson).toList());
    }
  };
}
