package org.screening.health;

import io.vertx.core.json.JsonObject;

/**
 * What one check found. The detail is for operators reading the probe's body: counts, partition
 * numbers and model names, never frame ids or other producer-chosen values.
 */
public record CheckResult(boolean up, String detail) {

  public static CheckResult up(String detail) {
    return new CheckResult(true, detail);
  }

  public static CheckResult down(String detail) {
    return new CheckResult(false, detail);
  }

  JsonObject toJson() {
    return new JsonObject().put("status", up ? "UP" : "DOWN").put("detail", detail);
  }
}
