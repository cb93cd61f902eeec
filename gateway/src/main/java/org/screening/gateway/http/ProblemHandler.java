package org.screening.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every failure and every router-made error (404, 405, ...) as an RFC 7807 problem
 * document, so clients parse one error shape whatever went wrong.
 */
public final class ProblemHandler implements Handler<RoutingContext> {

  static final String CONTENT_TYPE = "application/problem+json";
  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    send(ctx, problemOf(ctx));
  }

  /** Writes {@code problem} as the response, unless a response is already under way. */
  public static void send(RoutingContext ctx, HttpProblem problem) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // A stream already started: the status line is gone, all that is left is to stop.
      response.reset();
      return;
    }
    response.setStatusCode(problem.status()).putHeader("Content-Type", CONTENT_TYPE);
    problem.headers().forEach(response::putHeader);
    response.end(problem.toJson(ctx.request().path()).encode());
  }

  private static HttpProblem problemOf(RoutingContext ctx) {
    if (ctx.failure() instanceof HttpProblem problem) {
      return problem;
    }
    int status = ctx.statusCode();
    return switch (status) {
      case 404 -> HttpProblem.notFound("No resource at " + ctx.request().path());
      case 405 -> HttpProblem.of(405, "method-not-allowed", "Method not allowed",
          ctx.request().method() + " is not allowed on " + ctx.request().path());
      case 413 -> HttpProblem.payloadTooLarge("The request body is too large");
      default -> {
        if (status >= 400 && status < 500) {
          yield HttpProblem.of(status, "client-error", "Request refused", "HTTP " + status);
        }
        LOG.error("Unhandled failure (status {}) on {} {}", status, ctx.request().method(),
            ctx.currentRoute() == null ? "?" : ctx.currentRoute().getPath(), ctx.failure());
        yield HttpProblem.of(500, "internal", "Internal error",
            "The gateway failed to handle the request; it has been logged");
      }
    };
  }
}
