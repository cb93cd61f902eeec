package org.screening.gateway.auth;

import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.screening.gateway.config.ApiKeySpec;
import org.screening.gateway.http.HttpProblem;

/**
 * Authenticates a request by its API key ({@code Authorization: Bearer <key>} or
 * {@code X-API-Key: <key>}), or, when sessions are accepted and no key header is sent, by a
 * viewer session cookie ({@link ViewerSessions}) standing for a key: the key's SHA-256 must be
 * one of the configured hashes, so a session ends with its key's revocation. Attaches
 * the {@link Principal} to the routing context, or fails with 401. The set of keys can be
 * replaced while requests are served ({@link #replaceKeys}).
 */
public final class ApiKeyAuthentication implements Handler<RoutingContext> {

  private static final String BEARER = "bearer ";

  // Replaced whole, never changed in place: a request sees the old set or the new one.
  private volatile Map<String, Principal> bySha256;
  private final ViewerSessions sessions;

  /** Accepts keys in headers only. */
  public ApiKeyAuthentication(List<ApiKeySpec> keys) {
    this(keys, null);
  }

  /** Accepts keys in headers, and the viewer session cookies of {@code sessions}. */
  public ApiKeyAuthentication(List<ApiKeySpec> keys, ViewerSessions sessions) {
    this.sessions = sessions;
    replaceKeys(keys);
  }

  /**
   * Makes {@code keys} the only keys accepted from now on. If two share a hash the call fails
   * and the keys in force stay as they were.
   */
  public void replaceKeys(List<ApiKeySpec> keys) {
    Map<String, Principal> index = new HashMap<>();
    for (ApiKeySpec key : keys) {
      Principal principal = new Principal(key.id(), key.tenant(), key.scopes());
      Principal previous = index.put(key.sha256(), principal);
      if (previous != null) {
        throw new IllegalArgumentException(
            "API keys " + previous.keyId() + " and " + key.id() + " have the same hash");
      }
    }
    bySha256 = Map.copyOf(index);
  }

  /** Lower-case hex SHA-256 of a key's UTF-8 bytes: the form the configuration stores. */
  public static String sha256(String key) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The principal of the key with this hash, or null when no such key is in force. */
  Principal principalOfHash(String keySha256) {
    return bySha256.get(keySha256);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String key = presentedKey(ctx);
    if (key != null) {
      admit(ctx, bySha256.get(sha256(key)), "The API key is not known");
      return;
    }
    Cookie session = sessions == null ? null : ctx.request().getCookie(ViewerSessions.COOKIE);
    if (session == null || session.getValue().isEmpty()) {
      ctx.fail(HttpProblem.unauthorized(
          "Send an API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"));
      return;
    }
    // The body (if any) must wait for the cluster lookup, as vertx-web's own auth handlers do.
    boolean paused = !ctx.request().isEnded();
    if (paused) {
      ctx.request().pause();
    }
    sessions.keyHashOf(session).onComplete(found -> {
      if (paused && !ctx.request().isEnded()) {
        ctx.request().resume();
      }
      if (found.failed()) {
        ctx.fail(HttpProblem.clusterUnreachable(found.cause()));
      } else {
        admit(ctx, found.result() == null ? null : bySha256.get(found.result()),
            "The session has expired or its API key was revoked: sign in again");
      }
    });
  }

  private static void admit(RoutingContext ctx, Principal principal, String unknown) {
    if (principal == null) {
      ctx.fail(HttpProblem.unauthorized(unknown));
      return;
    }
    principal.attachTo(ctx);
    ctx.next();
  }

  private static String presentedKey(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      String key = authorization.substring(BEARER.length()).trim();
      return key.isEmpty() ? null : key;
    }
    String header = ctx.request().getHeader("X-API-Key");
    return header == null || header.isBlank() ? null : header.trim();
  }
}
