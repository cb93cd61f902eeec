package org.screening.health;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A role's own HTTP server (the worker's, the summaries role's): {@code /health/live},
 * {@code /health/startup}, {@code /health/ready} and {@code /metrics}. It starts before the role
 * does, so an orchestrator's startup probe sees the start ({@link Probes#STARTING}: a worker
 * loading its models) and the liveness probe does not kill a role that is only slow to start;
 * {@link #serve} then hands it the role's checks. A probe answers 200 when every check is up and
 * 503 otherwise, with each check's status and detail as JSON either way.
 */
public final class HealthServer {

  /** A check that has not answered in this long is down: a probe must answer its caller. */
  static final long CHECK_TIMEOUT_MS = 5_000;
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final Supplier<String> metrics;
  private volatile Probes probes = Probes.STARTING;

  private HealthServer(HttpServer server, Supplier<String> metrics) {
    this.server = server;
    this.metrics = metrics;
  }

  /**
   * Listens on {@code host:port} (port 0: any free one).
   *
   * @param metrics the Prometheus text exposition, produced on each scrape
   */
  public static Future<HealthServer> start(Vertx vertx, String host, int port,
      Supplier<String> metrics) {
    HttpServer http = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port));
    HealthServer health = new HealthServer(http, metrics);
    http.requestHandler(health::handle);
    return http.listen().map(health);
  }

  /** From now on the probes ask {@code probes}. */
  public void serve(Probes probes) {
    this.probes = probes;
  }

  /** The port it listens on, the one chosen when started with port 0. */
  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close();
  }

  private void handle(HttpServerRequest request) {
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      request.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
      return;
    }
    switch (request.path()) {
      case "/health/live" -> answer(request, Probes::liveness);
      case "/health/startup" -> answer(request, Probes::startup);
      case "/health/ready" -> answer(request, Probes::readiness);
      case "/metrics" -> request.response().putHeader("Content-Type", PROMETHEUS_TEXT)
          .end(metrics.get());
      default -> request.response().setStatusCode(404).end();
    }
  }

  private void answer(HttpServerRequest request, Function<Probes, List<HealthCheck>> probe) {
    List<HealthCheck> checks = probe.apply(probes);
    List<Future<CheckResult>> results = checks.stream().map(HealthServer::run).toList();
    Future.join(results).onComplete(done -> {
      JsonObject body = new JsonObject();
      boolean up = true;
      for (int i = 0; i < checks.size(); i++) {
        CheckResult result = results.get(i).result();
        up &= result.up();
        body.put(checks.get(i).name(), result.toJson());
      }
      request.response()
          .setStatusCode(up ? 200 : 503)
          .putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", body).encode());
    });
  }

  /** Never fails: a check that throws, fails or does not answer is down, saying which. */
  private static Future<CheckResult> run(HealthCheck check) {
    Future<CheckResult> answer;
    try {
      answer = check.probe().get();
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    return answer.timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .otherwise(e -> CheckResult.down(e instanceof TimeoutException
            ? "no answer in " + CHECK_TIMEOUT_MS + " ms"
            : "check failed: " + e.getClass().getSimpleName()));
  }
}
