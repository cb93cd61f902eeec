package org.screening.gateway.auth;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.SharedData;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import org.screening.gateway.http.HttpProblem;

/**
 * Viewer sign-in: the browser posts an API key once ({@code POST /v1/session}) and gets a
 * short-lived HttpOnly, SameSite=Strict cookie instead, so the key never sits in a URL or in
 * script-readable storage. Sessions live in a cluster map, so any node (also one restarted
 * meanwhile) accepts the cookie; an entry holds the key's hash, not the key, and is found by the
 * session id's hash, so neither the map nor a log of it hands out credentials. A session is only
 * as good as its key: once the key is revoked, its sessions no longer authenticate.
 */
public final class ViewerSessions {

  /** The cookie's name. */
  public static final String COOKIE = "screening_session";
  private static final String MAP = "screening.viewer-sessions";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Future<AsyncMap<String, String>> sessions;
  private final int ttlSeconds;
  private final boolean secure;

  /**
   * @param ttlSeconds how long a sign-in lasts
   * @param secure whether the gateway serves HTTPS (the cookie then travels over HTTPS only)
   */
  public ViewerSessions(SharedData shared, int ttlSeconds, boolean secure) {
    this.sessions = shared.getAsyncMap(MAP);
    this.ttlSeconds = ttlSeconds;
    this.secure = secure;
  }

  /**
   * {@code POST /v1/session} with {@code {"api_key": "..."}}: 200 with the key's tenant and the
   * session's expiry, and the cookie; 401 for an unknown key.
   */
  public void signIn(RoutingContext ctx, ApiKeyAuthentication keys) {
    // Only a script of the same origin can send JSON without a CORS preflight: a form on another
    // site cannot sign the browser in with the other site's key (login CSRF).
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw HttpProblem.unsupportedMediaType("Send {\"api_key\": \"<key>\"} as application/json");
    }
    String key;
    try {
      key = ctx.body().asJsonObject().getString("api_key");
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      throw HttpProblem.badRequest("Send {\"api_key\": \"<key>\"} as application/json");
    }
    String keyHash = key == null ? null : ApiKeyAuthentication.sha256(key.trim());
    Principal principal = keyHash == null ? null : keys.principalOfHash(keyHash);
    if (principal == null) {
      throw HttpProblem.unauthorized("The API key is not known");
    }
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Instant expires = Instant.now().plusSeconds(ttlSeconds);
    sessions.compose(map -> map.put(ApiKeyAuthentication.sha256(id), keyHash, ttlSeconds * 1000L))
        .onSuccess(v -> ctx.response()
            .addCookie(cookie(id).setMaxAge(ttlSeconds))
            .putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store")
            .end(new JsonObject()
                .put("tenant", principal.tenant())
                .put("expires_at", expires.toString())
                .encode()))
        .onFailure(e -> ctx.fail(HttpProblem.clusterUnreachable(e)));
  }

  /** {@code DELETE /v1/session}: forgets the session, if any, and clears the cookie. 204. */
  public void signOut(RoutingContext ctx) {
    Cookie presented = ctx.request().getCookie(COOKIE);
    Future<?> removed = presented == null ? Future.succeededFuture()
        : sessions.compose(map -> map.remove(ApiKeyAuthentication.sha256(presented.getValue())));
    removed.onComplete(done -> ctx.response()
        .addCookie(cookie("").setMaxAge(0))
        .setStatusCode(204)
        .end());
  }

  /** The hash of the key behind a session cookie; null when there is none, or it expired. */
  Future<String> keyHashOf(Cookie cookie) {
    return sessions.compose(map -> map.get(ApiKeyAuthentication.sha256(cookie.getValue())));
  }

  private Cookie cookie(String value) {
    return Cookie.cookie(COOKIE, value).setPath("/").setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT).setSecure(secure);
  }
}
