package org.screening.gateway.auth;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.screening.gateway.config.ApiKeySpec.Scope;
import org.screening.gateway.http.HttpProblem;

/** Lets a request through only if its API key has the scope; 403 otherwise. */
public final class RequireScope implements Handler<RoutingContext> {

  private final Scope scope;

  private RequireScope(Scope scope) {
    this.scope = scope;
  }

  public static RequireScope of(Scope scope) {
    return new RequireScope(scope);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Principal principal = Principal.of(ctx);
    if (!principal.scopes().contains(scope)) {
      ctx.fail(HttpProblem.forbidden("API key '" + principal.keyId() + "' lacks the '"
          + scope.name().toLowerCase(Locale.ROOT) + "' scope"));
      return;
    }
    ctx.next();
  }
}
