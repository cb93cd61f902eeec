package org.screening.gateway.config;

import java.util.Locale;

/**
 * One configuration key: its dotted name in the JSON file ({@code limits.inFlightPerFeed} is
 * {@code {"limits": {"inFlightPerFeed": ...}}}), its default, and the environment variable that
 * overrides it: {@code SCREENING_GATEWAY_} followed by the name in upper snake case, dots and
 * camel-case humps becoming underscores ({@code SCREENING_GATEWAY_LIMITS_IN_FLIGHT_PER_FEED}).
 */
public final class ConfigKey<T> {

  /** Prefix of every environment variable the gateway reads. */
  public static final String ENV_PREFIX = "SCREENING_GATEWAY_";

  private final String name;
  private final T defaultValue;
  private final String description;
  private final ValueType<T> type;

  ConfigKey(String name, T defaultValue, String description, ValueType<T> type) {
    this.name = name;
    this.defaultValue = defaultValue;
    this.description = description;
    this.type = type;
  }

  public String name() {
    return name;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** The environment variable that overrides this key. */
  public String envName() {
    StringBuilder env = new StringBuilder(ENV_PREFIX);
    for (char c : name.toCharArray()) {
      if (c == '.') {
        env.append('_');
      } else if (Character.isUpperCase(c)) {
        env.append('_').append(c);
      } else {
        env.append(Character.toUpperCase(c));
      }
    }
    return env.toString().toUpperCase(Locale.ROOT);
  }

  T fromJson(Object json) {
    try {
      return type.fromJson(json);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  T fromEnv(String text) {
    try {
      return type.fromText(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(envName() + ": " + e.getMessage(), e);
    }
  }

  Object toJson(T value) {
    return type.toJson(value);
  }

  @Override
  public String toString() {
    return name;
  }
}
