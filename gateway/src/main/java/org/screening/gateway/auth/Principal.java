package org.screening.gateway.auth;

import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.screening.gateway.config.ApiKeySpec.Scope;

/**
 * Who is calling: the API key (by its configured id) and the tenant it acts for. Every feed and
 * frame a request touches is looked up within {@link #tenant()}.
 */
public record Principal(String keyId, String tenant, Set<Scope> scopes) {

  private static final String CONTEXT_KEY = "screening.principal";

  /** The principal the authentication handler attached to {@code ctx}. */
  public static Principal of(RoutingContext ctx) {
    Principal principal = ctx.get(CONTEXT_KEY);
    if (principal == null) {
      throw new IllegalStateException("route " + ctx.normalizedPath() + " is not authenticated");
    }
    return principal;
  }

  void attachTo(RoutingContext ctx) {
    ctx.put(CONTEXT_KEY, this);
  }
}
