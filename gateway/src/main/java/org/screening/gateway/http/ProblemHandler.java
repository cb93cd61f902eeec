package org.screening.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.StreamResetException;
import io.vertx.ext.web.RoutingContext;
import org.screening.gateway.metrics.RequestMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every failure and every router-made error (404, 405, ...) as an RFC 7807 problem
 * document, so clients parse one error shape whatever went wrong. Neither the documents nor the
 * log lines repeat the request path or method: both are the caller's to choose. A request the
 * client gave up on gets no answer and no error line ({@link RequestMetrics} counts it apart).
 */
public final class ProblemHandler implements Handler<RoutingContext> {

  static final String CONTENT_TYPE = "application/problem+json";
  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    if (closedByClient(ctx)) {
      LOG.debug("Request on route {} closed by the client before its answer",
          RequestMetrics.routeOf(ctx));
      return;
    }
    send(ctx, problemOf(ctx));
  }

  /** Writes {@code problem} as the response, unless a response is already under way. */
  public static Future<Void> send(RoutingContext ctx, HttpProblem problem) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // A stream already started: the status line is gone, all that is left is to stop.
      response.reset();
      return Future.succeededFuture();
    }
    response.setStatusCode(problem.status()).putHeader("Content-Type", CONTENT_TYPE);
    problem.headers().forEach(response::putHeader);
    return response.end(problem.toJson().encode());
  }

  private static boolean closedByClient(RoutingContext ctx) {
    return ctx.response().closed() || ctx.failure() instanceof HttpClosedException
        || ctx.failure() instanceof StreamResetException;
  }

  private static HttpProblem problemOf(RoutingContext ctx) {
    if (ctx.failure() instanceof HttpProblem problem) {
      return problem;
    }
    int status = ctx.statusCode();
    return switch (status) {
      case 404 -> HttpProblem.notFound("No resource at this path");
      case 405 -> HttpProblem.of(405, "method-not-allowed", "Method not allowed",
          "This resource does not allow that method");
      case 413 -> HttpProblem.payloadTooLarge("The request body is too large");
      default -> {
        if (status >= 400 && status < 500) {
          yield HttpProblem.of(status, "client-error", "Request refused", "HTTP " + status);
        }
        LOG.error("Unhandled failure (status {}) on route {}", status,
            RequestMetrics.routeOf(ctx), ctx.failure());
        yield HttpProblem.of(500, "internal", "Internal error",
            "The gateway failed to handle the request; it has been logged");
      }
    };
  }
}
