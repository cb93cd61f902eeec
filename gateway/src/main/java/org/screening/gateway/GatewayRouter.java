package org.screening.gateway;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import org.screening.gateway.admission.Admission;
import org.screening.gateway.auth.ApiKeyAuthentication;
import org.screening.gateway.auth.ViewerSessions;
import org.screening.gateway.auth.RequireScope;
import org.screening.gateway.config.ApiKeySpec.Scope;
import org.screening.gateway.fanout.Fanout;
import org.screening.gateway.health.HealthChecks;
import org.screening.gateway.health.Lifecycle;
import org.screening.gateway.http.ConnectionGuard;
import org.screening.gateway.http.HttpProblem;
import org.screening.gateway.http.ProblemHandler;
import org.screening.gateway.ingest.FrameRegistry;
import org.screening.gateway.metrics.GatewayMetrics;
import org.screening.gateway.metrics.RequestMetrics;

/**
 * The HTTP API. Health and metrics answer from the first moment; the {@code /v1} routes are
 * added once the node has started (until then they answer 503) and each authenticates the
 * caller. Every error leaves as a problem document.
 */
final class GatewayRouter {

  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
      + "style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; "
      + "form-action 'self'; frame-ancestors 'none'";

  private final Router router;
  private final ApiKeyAuthentication authentication;

  GatewayRouter(Vertx vertx, Lifecycle lifecycle, HealthChecks health, GatewayMetrics metrics,
      ApiKeyAuthentication authentication, ViewerSessions sessions, ConnectionGuard guard) {
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
    mountViewer(sessions);
  }

  /**
   * The viewer: static files from the classpath under {@code /viewer/}, {@code /} sending the
   * browser there, and sign-in and sign-out. Every page response carries a Content-Security-
   * Policy that allows only this origin's own scripts, styles and connections, and no inline
   * code, so that an injected string can never run.
   */
  private void mountViewer(ViewerSessions sessions) {
    router.get("/").handler(RequestMetrics.route("viewer"))
        .handler(ctx -> ctx.redirect("/viewer/"));
    router.route("/viewer/*").handler(RequestMetrics.route("viewer")).handler(ctx -> {
      ctx.response()
          .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Referrer-Policy", "no-referrer");
      ctx.next();
    }).handler(StaticHandler.create("viewer"));
    // vertx-web wants the body handler first on its route.
    router.post("/v1/session").handler(BodyHandler.create(false).setBodyLimit(4096))
        .handler(RequestMetrics.route("session-sign-in"))
        .handler(ctx -> sessions.signIn(ctx, authentication));
    router.delete("/v1/session").handler(RequestMetrics.route("session-sign-out"))
        .handler(sessions::signOut);
  }

  Router router() {
    return router;
  }

  /** The API, once the handlers behind it exist. */
  void mountApi(Handler<RoutingContext> submitFrames, Fanout fanout, FrameRegistry registry,
      Admission admission) {
    authenticated(router.post("/v1/feeds/:feed/frames"), "submit-frames", Scope.SUBMIT,
        submitFrames);
    authenticated(router.get("/v1/frames/:id/results"), "frame-results", Scope.READ,
        fanout.frameResultsHandler(registry));
    authenticated(router.get("/v1/frames/:id/image"), "frame-image", Scope.READ,
        fanout.frameImageHandler());
    authenticated(router.get("/v1/frames/:id/tile"), "frame-tile", Scope.READ,
        fanout.frameTileHandler());
    authenticated(router.get("/v1/feeds"), "feeds", Scope.READ, fanout.feedListHandler());
    authenticated(router.get("/v1/feeds/:feed/results/ws"), "feed-websocket", Scope.READ,
        fanout.webSocketHandler(admission));
    authenticated(router.get("/v1/feeds/:feed/results"), "feed-stream", Scope.READ,
        fanout.streamHandler(admission));
    authenticated(router.get("/v1/feeds/:feed/summary"), "feed-summary", Scope.READ,
        fanout.summaryHandler());
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
