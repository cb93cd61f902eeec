package org.screening.workers.config;

import java.util.ArrayList;
import java.util.List;

/**
 * One documented configuration key: its type (checked when a config is built, so a typo in a
 * number fails at start rather than mid-stream), its default ({@code null}: required) and its doc.
 */
public record ConfigKey(String name, Type type, String defaultValue, String doc) {

  /** How a value is parsed. */
  public enum Type {
    STRING, INT, LONG, DOUBLE, BOOLEAN,
    /** Comma-separated integers; empty for none. */
    INT_LIST;

    Object parse(String key, String value) {
      try {
        return switch (this) {
          case STRING -> value;
          case INT -> Integer.parseInt(value.strip());
          case LONG -> Long.parseLong(value.strip());
          case DOUBLE -> parseDouble(value.strip());
          case BOOLEAN -> parseBoolean(value.strip());
          case INT_LIST -> parseIntList(value);
        };
      } catch (NumberFormatException e) {
        throw new ConfigException(key + " must be " + describe() + ", got '" + value + "'");
      }
    }

    private String describe() {
      return switch (this) {
        case STRING -> "a string";
        case INT, LONG -> "an integer";
        case DOUBLE -> "a decimal number";
        case BOOLEAN -> "true or false";
        case INT_LIST -> "comma-separated integers";
      };
    }

    /**
     * A plain decimal: Java's parser also takes NaN, Infinity, hex and a trailing f or d, and NaN
     * would pass every range check.
     */
    private static Double parseDouble(String value) {
      if (!value.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
        throw new NumberFormatException(value);
      }
      return Double.parseDouble(value);
    }

    private static Boolean parseBoolean(String value) {
      if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(value);
      }
      throw new NumberFormatException(value);
    }

    private static List<Integer> parseIntList(String value) {
      List<Integer> out = new ArrayList<>();
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          out.add(Integer.parseInt(part.strip()));
        }
      }
      return List.copyOf(out);
    }
  }
}
