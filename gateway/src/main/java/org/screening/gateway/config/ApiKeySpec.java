package org.screening.gateway.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One API key as configured: the key itself is never stored, only the lower-case hex SHA-256 of
 * its UTF-8 bytes, so a leaked config file does not leak keys.
 *
 * @param id a name for the key in logs and metrics (never the key or its hash)
 * @param tenant the tenant the key acts for
 * @param sha256 hex SHA-256 of the key
 * @param scopes what the key may do
 */
public record ApiKeySpec(String id, String tenant, String sha256, Set<Scope> scopes) {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** What a key may do. */
  public enum Scope {
    /** Submit frames. */
    SUBMIT,
    /** Read results and stream feeds. */
    READ
  }

  public ApiKeySpec {
    if (!NAME.matcher(id).matches()) {
      throw new IllegalArgumentException("API key id must match " + NAME + ": '" + id + "'");
    }
    if (!NAME.matcher(tenant).matches()) {
      throw new IllegalArgumentException("tenant must match " + NAME + " (key " + id + ")");
    }
    sha256 = sha256.toLowerCase(Locale.ROOT);
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 of key " + id + " is not 64 hex digits");
    }
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("key " + id + " has no scopes");
    }
    scopes = Set.copyOf(scopes);
  }

  /** A key that may submit and read. */
  public static ApiKeySpec of(String id, String tenant, String sha256) {
    return new ApiKeySpec(id, tenant, sha256, EnumSet.allOf(Scope.class));
  }

  /** Keys in the {@code auth.apiKeys} form: an array of {id, tenant, sha256, scopes} objects. */
  public static List<ApiKeySpec> listFromJson(Object json) {
    if (!(json instanceof JsonArray array)) {
      throw new IllegalArgumentException("expected an array of API keys");
    }
    List<ApiKeySpec> keys = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof JsonObject key)) {
        throw new IllegalArgumentException("expected an API key object at index " + keys.size());
      }
      keys.add(fromJson(key, keys.size()));
    }
    return List.copyOf(keys);
  }

  private static ApiKeySpec fromJson(JsonObject json, int index) {
    JsonArray scopes = json.getJsonArray("scopes");
    return new ApiKeySpec(
        required(json, "id", index),
        required(json, "tenant", index),
        required(json, "sha256", index),
        scopes == null ? EnumSet.allOf(Scope.class) : parseScopes(scopes.stream().map(String::valueOf)
            .toArray(String[]::new)));
  }

  private static String required(JsonObject json, String field, int index) {
    if (!(json.getValue(field) instanceof String value)) {
      throw new IllegalArgumentException("API key at index " + index + " has no string '" + field + "'");
    }
    return value;
  }

  /** Parses {@code id:tenant:sha256[:scope+scope]}, the environment-variable form. */
  static ApiKeySpec parse(String text) {
    String[] fields = text.split(":");
    if (fields.length < 3 || fields.length > 4) {
      throw new IllegalArgumentException(
          "expected id:tenant:sha256[:scope+scope] for an API key, got " + fields.length + " fields");
    }
    Set<Scope> scopes = fields.length == 4
        ? parseScopes(fields[3].split("\\+"))
        : EnumSet.allOf(Scope.class);
    return new ApiKeySpec(fields[0], fields[1], fields[2], scopes);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("tenant", tenant)
        .put("sha256", sha256)
        .put("scopes", new JsonArray(scopes.stream().map(s -> s.name().toLowerCase(Locale.ROOT))
            .sorted().toList()));
  }

  private static Set<Scope> parseScopes(String... names) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    Arrays.stream(names).map(n -> Scope.valueOf(n.trim().toUpperCase(Locale.ROOT)))
        .forEach(scopes::add);
    return scopes;
  }
}
