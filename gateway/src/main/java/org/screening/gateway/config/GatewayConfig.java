package org.screening.gateway.config;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The gateway's configuration: a value for every {@link ConfigKeys key}, immutable. Built from
 * defaults ({@link #defaults()}), then a JSON file, then environment variables, each layer
 * overriding the one before; code (tests, the demo) adjusts it with {@link #with}.
 *
 * <pre>{@code
 * GatewayConfig config = GatewayConfig.defaults()
 *     .with(ConfigKeys.HTTP_PORT, 0)
 *     .with(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
 * }</pre>
 */
public final class GatewayConfig {

  /** Kafka property names whose values are credentials (sasl.jaas.config, ssl.key.password, ...). */
  private static final Pattern SECRET_PROPERTY =
      Pattern.compile("(?i).*(password|jaas|secret|credential|\\.key$).*");

  static final String REDACTED = "<redacted>";

  private final Map<ConfigKey<?>, Object> values;

  private GatewayConfig(Map<ConfigKey<?>, Object> values) {
    this.values = Map.copyOf(values);
  }

  /** Every key at its default. */
  public static GatewayConfig defaults() {
    Map<ConfigKey<?>, Object> values = new HashMap<>();
    ConfigKeys.ALL.forEach(key -> values.put(key, key.defaultValue()));
    return new GatewayConfig(values);
  }

  /** Defaults, overridden by {@code file} (may be null), overridden by {@code env}. */
  public static GatewayConfig load(Path file, Map<String, String> env) {
    GatewayConfig config = defaults();
    if (file != null) {
      try {
        config = config.merge(new JsonObject(Files.readString(file)));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the gateway config " + file, e);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("Bad gateway config " + file + ": " + e.getMessage(), e);
      }
    }
    return config.mergeEnv(env);
  }

  /** This configuration with the keys present in {@code json} (nested or dotted) replaced. */
  public GatewayConfig merge(JsonObject json) {
    Map<String, ConfigKey<?>> byName = new HashMap<>();
    ConfigKeys.ALL.forEach(key -> byName.put(key.name(), key));
    Map<ConfigKey<?>, Object> merged = new HashMap<>(values);
    mergeInto(merged, byName, "", json);
    return new GatewayConfig(merged);
  }

  /** This configuration with every key whose environment variable is set in {@code env} replaced. */
  public GatewayConfig mergeEnv(Map<String, String> env) {
    Map<ConfigKey<?>, Object> merged = new HashMap<>(values);
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      String text = env.get(key.envName());
      if (text != null) {
        merged.put(key, key.fromEnv(text));
      }
    }
    return new GatewayConfig(merged);
  }

  /**
   * This configuration as a cluster of one on a free Hazelcast port, as the demo, the benches and
   * tests run it: other processes on the machine may hold Hazelcast's default port.
   */
  public GatewayConfig singleNode() {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port for a single-node cluster", e);
    }
    return with(ConfigKeys.CLUSTER_HOST, "127.0.0.1")
        .with(ConfigKeys.CLUSTER_PORT, port)
        .with(ConfigKeys.CLUSTER_MEMBERS, List.of("127.0.0.1:" + port));
  }

  public <T> GatewayConfig with(ConfigKey<T> key, T value) {
    Map<ConfigKey<?>, Object> changed = new HashMap<>(values);
    changed.put(key, value);
    return new GatewayConfig(changed);
  }

  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    return (T) values.get(key);
  }

  /**
   * {@code kafka.client} overlaid with {@code specific} ({@code kafka.producer} or
   * {@code kafka.consumer}): what one client puts over its own defaults.
   */
  public Map<String, String> kafkaOverrides(ConfigKey<Map<String, String>> specific) {
    Map<String, String> properties = new HashMap<>(get(ConfigKeys.KAFKA_CLIENT));
    properties.putAll(get(specific));
    return properties;
  }

  /**
   * This configuration, if every limit and size is positive, ports are ports and there is a
   * member to join; otherwise an IllegalArgumentException naming every bad key.
   */
  public GatewayConfig validated() {
    List<String> problems = new ArrayList<>();
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      boolean bounded = key.name().startsWith("limits.") || key.name().startsWith("results.")
          || key.name().startsWith("viewer.");
      if (bounded && get(key) instanceof Number n && n.longValue() <= 0) {
        problems.add(key.name() + " must be positive");
      }
    }
    int httpPort = get(ConfigKeys.HTTP_PORT);
    int clusterPort = get(ConfigKeys.CLUSTER_PORT);
    if (httpPort < 0 || httpPort > 65535) {
      problems.add(ConfigKeys.HTTP_PORT.name() + " must be 0 to 65535");
    }
    if (clusterPort < 1 || clusterPort > 65535) {
      problems.add(ConfigKeys.CLUSTER_PORT.name() + " must be 1 to 65535");
    }
    String join = get(ConfigKeys.CLUSTER_JOIN);
    if (!join.equals(ConfigKeys.JOIN_TCP_IP) && !join.equals(ConfigKeys.JOIN_KUBERNETES)) {
      problems.add(ConfigKeys.CLUSTER_JOIN.name() + " must be " + ConfigKeys.JOIN_TCP_IP + " or "
          + ConfigKeys.JOIN_KUBERNETES + ", not " + join);
    } else if (join.equals(ConfigKeys.JOIN_TCP_IP) && get(ConfigKeys.CLUSTER_MEMBERS).isEmpty()) {
      problems.add(ConfigKeys.CLUSTER_MEMBERS.name() + " must list at least this member");
    }
    if (get(ConfigKeys.AUTH_API_KEYS_FILE_POLL_MS) <= 0) {
      problems.add(ConfigKeys.AUTH_API_KEYS_FILE_POLL_MS.name() + " must be positive");
    }
    checkTls(problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Bad gateway configuration: " + String.join("; ", problems));
    }
    return this;
  }

  /** True when the HTTP port serves HTTPS. */
  public boolean tls() {
    return !get(ConfigKeys.HTTP_TLS_CERT_PATH).isEmpty();
  }

  private void checkTls(List<String> problems) {
    ConfigKey<String> cert = ConfigKeys.HTTP_TLS_CERT_PATH;
    ConfigKey<String> key = ConfigKeys.HTTP_TLS_KEY_PATH;
    if (get(cert).isEmpty() != get(key).isEmpty()) {
      problems.add(cert.name() + " and " + key.name() + " must be set together");
      return;
    }
    for (ConfigKey<String> file : List.of(cert, key)) {
      if (!get(file).isEmpty() && !Files.isReadable(Path.of(get(file)))) {
        problems.add(file.name() + " names a file that cannot be read: " + get(file));
      }
    }
  }

  /**
   * As {@link #toJson()}, with every Kafka property that may hold a credential shown as
   * {@value #REDACTED}: the form that may be printed or logged.
   */
  public JsonObject toRedactedJson() {
    Map<ConfigKey<?>, Object> shown = new HashMap<>(values);
    shown.replaceAll((key, value) -> value instanceof Map<?, ?> properties ? redacted(properties) : value);
    return new GatewayConfig(shown).toJson();
  }

  private static Map<Object, Object> redacted(Map<?, ?> properties) {
    Map<Object, Object> shown = new HashMap<>(properties);
    shown.replaceAll((name, value) ->
        SECRET_PROPERTY.matcher(name.toString()).matches() ? REDACTED : value);
    return shown;
  }

  /** The effective configuration as the JSON file would hold it. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      put(json, key.name().split("\\."), 0, json(key));
    }
    return json;
  }

  private <T> Object json(ConfigKey<T> key) {
    return key.toJson(get(key));
  }

  private static void put(JsonObject json, String[] path, int at, Object value) {
    if (at == path.length - 1) {
      json.put(path[at], value);
      return;
    }
    JsonObject child = json.getJsonObject(path[at]);
    if (child == null) {
      child = new JsonObject();
      json.put(path[at], child);
    }
    put(child, path, at + 1, value);
  }

  private static void mergeInto(Map<ConfigKey<?>, Object> values, Map<String, ConfigKey<?>> byName,
      String prefix, JsonObject json) {
    Set<String> unknown = new TreeSet<>();
    for (Map.Entry<String, Object> entry : json) {
      String name = prefix + entry.getKey();
      ConfigKey<?> key = byName.get(name);
      if (key != null) {
        values.put(key, key.fromJson(entry.getValue()));
      } else if (entry.getValue() instanceof JsonObject nested) {
        mergeInto(values, byName, name + ".", nested);
      } else {
        unknown.add(name);
      }
    }
    // A misspelt key would otherwise leave a default silently in force.
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown configuration keys " + unknown);
    }
  }
}
