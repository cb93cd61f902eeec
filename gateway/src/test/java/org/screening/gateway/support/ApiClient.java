package org.screening.gateway.support;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The gateway's HTTP API through java.net.http, as one API key on one node. */
public final class ApiClient {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private final int port;
  private final String key;

  public ApiClient(int port, String key) {
    this.port = port;
    this.key = key;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** POSTs {@code body} to the feed's frames; {@code query} without the leading '?', or "". */
  public HttpResponse<String> submit(String feed, String query, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return send(request("/v1/feeds/" + feed + "/frames" + (query.isEmpty() ? "" : "?" + query))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** Submits a PNG for classification under a client-chosen {@code Idempotency-Key}. */
  public HttpResponse<String> submitOnce(String feed, String idempotencyKey, byte[] png)
      throws IOException, InterruptedException {
    return send(request("/v1/feeds/" + feed + "/frames?tasks=classify")
        .header("Content-Type", "image/png")
        .header("Idempotency-Key", idempotencyKey)
        .POST(HttpRequest.BodyPublishers.ofByteArray(png)));
  }

  /** As {@link #submit}, but streamed without a Content-Length (chunked), as a camera might. */
  public HttpResponse<String> submitChunked(String feed, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return send(request("/v1/feeds/" + feed + "/frames")
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
  }

  /** Submits a small PNG for classification only and returns the first accepted frame id. */
  public String submitPng(String feed) throws IOException, InterruptedException {
    HttpResponse<String> response = submit(feed, "tasks=classify", "image/png", Images.png(16, 16, 3));
    if (response.statusCode() != 202) {
      throw new AssertionError("submission refused: " + response.statusCode() + " " + response.body());
    }
    return new JsonObject(response.body()).getJsonArray("frames").getJsonObject(0).getString("frame_id");
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  /** GETs {@code path}, keeping the body as bytes (images). */
  public HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
    return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Signs in as the viewer does: POSTs {@code apiKey} in a JSON body, with no key header. */
  public HttpResponse<String> signIn(String apiKey) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri("/v1/session"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            new JsonObject().put("api_key", apiKey).encode())));
  }

  /** Sends {@code method} to {@code path} with a {@code Cookie} header and no key header. */
  public HttpResponse<String> sendWithCookie(String method, String path, String cookie)
      throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).header("Cookie", cookie)
        .method(method, HttpRequest.BodyPublishers.noBody()));
  }

  /** Sends {@code method} to {@code path} without a body. */
  public HttpResponse<String> send(String method, String path)
      throws IOException, InterruptedException {
    return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));
  }

  /** GETs {@code path} presenting the key as {@code X-API-Key} instead of a bearer token. */
  public HttpResponse<String> getWithApiKeyHeader(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).header("X-API-Key", key).GET());
  }

  /** Opens the feed's SSE stream, resuming after {@code lastEventId} when it is not null. */
  public SseStream stream(String feed, String lastEventId) throws IOException, InterruptedException {
    HttpRequest.Builder request = request("/v1/feeds/" + feed + "/results")
        .header("Accept", "text/event-stream").GET();
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    return new SseStream(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
  }

  /** Opens the feed's WebSocket stream on {@code .../results/ws}. */
  public WsStream webSocket(String feed) throws InterruptedException, TimeoutException {
    return webSocketAt("/v1/feeds/" + feed + "/results/ws");
  }

  /** Opens a WebSocket stream by upgrading a request to {@code path}. */
  public WsStream webSocketAt(String path) throws InterruptedException, TimeoutException {
    WsStream stream = new WsStream();
    WebSocket.Builder builder = HTTP.newWebSocketBuilder();
    if (key != null) {
      builder.header("Authorization", "Bearer " + key);
    }
    URI uri = URI.create("ws://127.0.0.1:" + port + path);
    try {
      stream.attach(builder.buildAsync(uri, stream).get(10, TimeUnit.SECONDS));
    } catch (ExecutionException e) {
      throw new CompletionException(e.getCause());
    }
    return stream;
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
    if (key != null) {
      builder.header("Authorization", "Bearer " + key);
    }
    return builder;
  }

  private static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
