package org.screening.workers.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a worker config file (JSON) into flat dotted keys. Nesting and dots are interchangeable,
 * so {@code {"kafka": {"consumer": {"max.poll.records": 16}}}} and
 * {@code {"kafka.consumer.max.poll.records": "16"}} say the same; arrays become comma-separated
 * lists.
 */
final class ConfigFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigFiles() {}

  static Map<String, String> read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new ConfigException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException("Cannot read the worker config " + file + ": " + e, e);
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(file + " must hold a JSON object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    flatten("", root, out);
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> flatten(
          prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
    } else if (node.isArray()) {
      List<String> items = new ArrayList<>();
      for (JsonNode item : node) {
        if (!item.isValueNode()) {
          throw new ConfigException(prefix + ": lists may only hold plain values");
        }
        items.add(item.asText());
      }
      out.put(prefix, String.join(",", items));
    } else if (!node.isNull()) {
      out.put(prefix, node.asText());
    }
  }
}
