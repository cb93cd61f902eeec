package org.screening.gateway.metrics;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Counts every request by route name, method and status. Routes name themselves with
 * {@link #route(String)}, so the label is a template ({@code submit-frames}), never a path
 * with ids in it; anything no route claimed counts as {@code unmatched}. A request whose
 * connection closed before any answer was written counts under status {@value #CLIENT_CLOSED}:
 * the client gave up, which is no server error however the failure surfaced.
 */
public final class RequestMetrics implements Handler<RoutingContext> {

  /** The status label of a request the client abandoned before its answer. */
  public static final String CLIENT_CLOSED = "client_closed";

  private static final String ROUTE = "screening.route";
  private static final String UNMATCHED = "unmatched";

  private final GatewayMetrics metrics;

  public RequestMetrics(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  /** The first handler of a route: names it for the request counter. */
  public static Handler<RoutingContext> route(String name) {
    return ctx -> {
      ctx.put(ROUTE, name);
      ctx.next();
    };
  }

  /** The route's name, fit for logs and labels: never the path the caller sent. */
  public static String routeOf(RoutingContext ctx) {
    return ctx.get(ROUTE, UNMATCHED);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String method = ctx.request().method().name();
    ctx.addHeadersEndHandler(v -> metrics.request(routeOf(ctx), method,
        Integer.toString(ctx.response().getStatusCode())));
    ctx.addEndHandler(ended -> {
      if (!ctx.response().headWritten()) {
        metrics.request(routeOf(ctx), method, CLIENT_CLOSED);
      }
    });
    ctx.next();
  }
}
