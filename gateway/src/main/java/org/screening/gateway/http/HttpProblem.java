package org.screening.gateway.http;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * An RFC 7807 problem, thrown (or passed to {@code RoutingContext.fail}) by any handler and
 * rendered by {@link ProblemHandler} as {@code application/problem+json}. The {@code type} is a
 * relative URI, {@code /problems/<slug>}. There is no {@code instance}: the request path holds
 * what the caller chose (feed names), which an error body does not repeat.
 */
public final class HttpProblem extends RuntimeException {

  private final int status;
  private final String slug;
  private final String title;
  private final Map<String, String> headers;
  private final JsonObject extensions;

  private HttpProblem(int status, String slug, String title, String detail,
      Map<String, String> headers, JsonObject extensions) {
    // A refusal, not a bug: no stack trace to fill.
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.headers = Map.copyOf(headers);
    this.extensions = extensions;
  }

  public static HttpProblem of(int status, String slug, String title, String detail) {
    return new HttpProblem(status, slug, title, detail, Map.of(), new JsonObject());
  }

  public static HttpProblem badRequest(String detail) {
    return of(400, "bad-request", "Bad request", detail);
  }

  /** The body claims to be an image but its header is missing, corrupt or unsupported. */
  public static HttpProblem badImage(String detail) {
    return of(400, "bad-image", "Unreadable image", detail);
  }

  public static HttpProblem unauthorized(String detail) {
    return new HttpProblem(401, "unauthorized", "Missing or unknown API key", detail,
        Map.of("WWW-Authenticate", "Bearer realm=\"screening\""), new JsonObject());
  }

  public static HttpProblem forbidden(String detail) {
    return of(403, "forbidden", "API key not allowed to do this", detail);
  }

  public static HttpProblem notFound(String detail) {
    return of(404, "not-found", "Not found", detail);
  }

  /** It existed, and is gone for good (retention removed it): asking again will not help. */
  public static HttpProblem gone(String detail) {
    return of(410, "gone", "No longer available", detail);
  }

  public static HttpProblem payloadTooLarge(String detail) {
    return of(413, "payload-too-large", "Payload too large", detail);
  }

  public static HttpProblem unsupportedMediaType(String detail) {
    return of(415, "unsupported-media-type", "Unsupported media type", detail);
  }

  public static HttpProblem tooManyRequests(String detail, int retryAfterSeconds, String limit) {
    return new HttpProblem(429, "too-many-requests", "Limit reached, retry later", detail,
        Map.of("Retry-After", Integer.toString(retryAfterSeconds)),
        new JsonObject().put("limit", limit));
  }

  /**
   * 503 with {@code Retry-After: 1}: every 503 here is transient (start-up, a member leaving the
   * cluster, Kafka not acknowledging), and a client should come back, to this node or another.
   */
  public static HttpProblem unavailable(String detail) {
    return new HttpProblem(503, "unavailable", "Service unavailable", detail,
        Map.of("Retry-After", "1"), new JsonObject());
  }

  /** {@link #unavailable} for a failure to read or write the cluster's shared state. */
  public static HttpProblem clusterUnreachable(Throwable failure) {
    return unavailable("Cluster state is unreachable: " + failure);
  }

  /** This problem with extra members beside the standard ones. */
  public HttpProblem with(JsonObject members) {
    return new HttpProblem(status, slug, title, getMessage(), headers,
        extensions.copy().mergeIn(members));
  }

  /** This problem with {@code Retry-After}: the client may come back after that many seconds. */
  public HttpProblem retryAfter(int seconds) {
    Map<String, String> withRetry = new HashMap<>(headers);
    withRetry.put("Retry-After", Integer.toString(seconds));
    return new HttpProblem(status, slug, title, getMessage(), withRetry, extensions);
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("type", "/problems/" + slug)
        .put("title", title)
        .put("status", status)
        .put("detail", getMessage())
        .mergeIn(extensions);
  }
}
