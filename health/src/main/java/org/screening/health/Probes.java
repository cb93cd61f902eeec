package org.screening.health;

import java.util.List;

/**
 * The checks behind {@code /health/live}, {@code /health/startup} and {@code /health/ready}: a
 * probe is up when each of its checks is.
 */
public interface Probes {

  /** What answers before the worker exists: alive, loading and warming up its models. */
  Probes STARTING = new Probes() {
    private final List<HealthCheck> loading = List.of(
        HealthCheck.of("models", () -> CheckResult.down("loading and warming up")));

    @Override
    public List<HealthCheck> liveness() {
      return List.of();
    }

    @Override
    public List<HealthCheck> startup() {
      return loading;
    }

    @Override
    public List<HealthCheck> readiness() {
      return loading;
    }
  };

  List<HealthCheck> liveness();

  List<HealthCheck> startup();

  List<HealthCheck> readiness();
}
