package org.screening.health;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * One named check of a probe. The probe runs on the health server's event loop, so it must not
 * block: it reads state, or asks another event loop and returns the answer's future.
 */
public record HealthCheck(String name, Supplier<Future<CheckResult>> probe) {

  /** A check that reads state it can read from any thread. */
  public static HealthCheck of(String name, Supplier<CheckResult> state) {
    return new HealthCheck(name, () -> Future.succeededFuture(state.get()));
  }
}
