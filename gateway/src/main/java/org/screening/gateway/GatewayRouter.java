package org.screening.gateway;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.screening.gateway.auth.ApiKeyAuthentication;
import org.screening.gateway.auth.RequireScope;
import org.screening.gateway.config.ApiKeySpec.Scope;
import org.screening.gateway.health.HealthChecks;
import org.screening.gateway.health.Lifecycle;
import org.screening.gateway.http.ConnectionGuard;
import org.screening.gateway.http.HttpProblem;
import org.screening.gateway.http.ProblemHandler;
import org.screening.gateway.metrics.GatewayMetrics;
import org.screening.gateway.metrics.RequestMetrics;

/**
 * The HTTP API. Health and metrics answer from the first moment; the {@code /v1} routes are
 * added once the node has started (until then they answer 503) and each authenticates the
 * caller. Every error leaves as a problem document.
 */
final class GatewayRouter {

  private final Router router;
  private final ApiKeyAuthentication authentication;

  GatewayRouter(Vertx vertx, Lifecycle lifecycle, HealthChecks health, GatewayMetrics metrics,
      ApiKeyAuthentication authentication, ConnectionGuard guard) {
    this.router = Router.router(vertx);
    this.authentication = authentication;
    ProblemHandler problems = new ProblemHandler();
    router.route().handler(guard).handler(new RequestMetrics(metrics)).failureHandler(problems);
    router.errorHandler(404, problems);
    router.errorHandler(405, problems);
    router.errorHandler(500, problems);

    router.get("/health/live").handler(RequestMetrics.route("health-live"))
        .handler(health::live);
    router.get("/health/ready").handler(RequestMetrics.route("health-ready"))
        .handler(health::ready);
    router.get("/health/startup").handler(RequestMetrics.route("health-startup"))
        .handler(health::startup);
    router.get("/metrics").handler(RequestMetrics.route("metrics")).handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape()));
    router.route("/v1/*").handler(ctx -> {
      if (lifecycle.isStarted()) {
        ctx.next();
      } else {
        ctx.fail(HttpProblem.unavailable("The gateway is starting"));
      }
    });
  }

  Router router() {
    return router;
  }

  /** The API, once the handlers behind it exist. */
  void mountApi(Handler<RoutingContext> submitFrames, Handler<RoutingContext> frameResults,
      Handler<RoutingContext> feedStream, Handler<RoutingContext> feedWebSocket,
      Handler<RoutingContext> feedSummary) {
    authenticated(router.post("/v1/feeds/:feed/frames"), "submit-frames", Scope.SUBMIT,
        submitFrames);
    authenticated(router.get("/v1/frames/:id/results"), "frame-results", Scope.READ,
        frameResults);
    authenticated(router.get("/v1/feeds/:feed/results/ws"), "feed-websocket", Scope.READ,
        feedWebSocket);
    authenticated(router.get("/v1/feeds/:feed/results"), "feed-stream", Scope.READ, feedStream);
    authenticated(router.get("/v1/feeds/:feed/summary"), "feed-summary", Scope.READ, feedSummary);
  }

  /** Every API route: counted under its name, then the key checked, then the key's scope. */
  private void authenticated(Route route, String name, Scope scope,
      Handler<RoutingContext> handler) {
    route.handler(RequestMetrics.route(name))
        .handler(authentication)
        .handler(RequireScope.of(scope))
        .handler(handler);
  }
}
