package org.screening.workers.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The mapping between configuration keys and environment variables.
 *
 * <p>Key to variable: {@value #PREFIX}, then the key with a {@code _} before every capital that
 * follows a lower-case letter or digit, {@code .} and {@code -} replaced by {@code _}, all upper
 * case: {@code kafka.bootstrap.servers} is {@code SCREENING_WORKER_KAFKA_BOOTSTRAP_SERVERS},
 * {@code models.medic-cls.maxBatchSize} is
 * {@code SCREENING_WORKER_MODELS_MEDIC_CLS_MAX_BATCH_SIZE}.
 *
 * <p>Kafka client properties pass through under {@code kafka.consumer.}, {@code kafka.producer.}
 * and {@code kafka.client.} (both clients); since Kafka's own names are lower case with dots, a
 * variable under one of those prefixes maps back by lower-casing and turning {@code _} into
 * {@code .}: {@code SCREENING_WORKER_KAFKA_CONSUMER_MAX_POLL_RECORDS} sets
 * {@code kafka.consumer.max.poll.records}, even when the file does not mention it.
 */
public final class EnvironmentVariables {

  public static final String PREFIX = "SCREENING_WORKER_";

  private EnvironmentVariables() {}

  /** The variable that overrides {@code key}. */
  public static String nameOf(String key) {
    StringBuilder out = new StringBuilder(PREFIX);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '.' || c == '-') {
        out.append('_');
      } else if (Character.isUpperCase(c) && i > 0
          && (Character.isLowerCase(key.charAt(i - 1)) || Character.isDigit(key.charAt(i - 1)))) {
        out.append('_').append(c);
      } else {
        out.append(Character.toUpperCase(c));
      }
    }
    return out.toString();
  }

  /**
   * {@code values} with every variable of {@code env} that names one of {@code keys} or a Kafka
   * pass-through property applied on top.
   */
  static Map<String, String> apply(Map<String, String> values, Iterable<String> keys,
      List<String> passThroughPrefixes, Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>(values);
    for (String key : keys) {
      String value = env.get(nameOf(key));
      if (value != null) {
        out.put(key, value);
      }
    }
    for (Map.Entry<String, String> e : env.entrySet()) {
      for (String prefix : passThroughPrefixes) {
        String envPrefix = nameOf(prefix);
        if (e.getKey().startsWith(envPrefix) && e.getKey().length() > envPrefix.length()) {
          String property = e.getKey().substring(envPrefix.length())
              .toLowerCase(Locale.ROOT).replace('_', '.');
          out.put(prefix + property, e.getValue());
        }
      }
    }
    return out;
  }
}
