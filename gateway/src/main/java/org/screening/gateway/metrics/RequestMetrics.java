package org.screening.gateway.metrics;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Counts every answered request by route name, method and status. Routes name themselves with
 * {@link #route(String)}, so the label is a template ({@code submit-frames}), never a path
 * with ids in it; anything no route claimed counts as {@code unmatched}.
 */
public final class RequestMetrics implements Handler<RoutingContext> {

  private static final String ROUTE = "screening.route";

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

  @Override
  public void handle(RoutingContext ctx) {
    ctx.addHeadersEndHandler(v -> metrics.request(ctx.get(ROUTE, "unmatched"),
        ctx.request().method().name(), ctx.response().getStatusCode()));
    ctx.next();
  }
}
