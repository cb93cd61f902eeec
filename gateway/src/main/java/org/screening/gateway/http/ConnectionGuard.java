package org.screening.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import org.screening.gateway.metrics.GatewayMetrics;

/**
 * Bounds what a client can hold without finishing its requests: the time to send a request
 * head (from the connection's opening, or from the end of the previous response on a kept-alive
 * connection), the time to send a body once the head arrived (answered 408, then closed), and
 * the connections one address may have open. Vert.x bounds only inactivity (the idle timeout,
 * set here too), which a client defeats by sending a byte now and then.
 *
 * <p>Confined to the HTTP server's event loop, like the verticle that creates it. Install
 * {@link #connections()} as the server's connection handler and this as the router's first
 * handler.
 */
public final class ConnectionGuard implements Handler<RoutingContext> {

  /** What one open connection is doing: requests under way, or a timer waiting for a head. */
  private static final class Connection {
    final String address;
    int activeRequests;
    long headTimer = -1;
    boolean upgraded;

    Connection(String address) {
      this.address = address;
    }
  }

  private final Vertx vertx;
  private final GatewayMetrics metrics;
  private final long headerTimeoutMs;
  private final long bodyTimeoutMs;
  private final int perAddress;
  private final Map<HttpConnection, Connection> open = new HashMap<>();
  private final Map<String, Integer> openPerAddress = new HashMap<>();

  public ConnectionGuard(Vertx vertx, GatewayConfig config, GatewayMetrics metrics) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.headerTimeoutMs = config.get(ConfigKeys.LIMITS_HEADER_TIMEOUT_MS);
    this.bodyTimeoutMs = config.get(ConfigKeys.LIMITS_BODY_TIMEOUT_MS);
    this.perAddress = config.get(ConfigKeys.LIMITS_CONNECTIONS_PER_ADDRESS);
  }

  /**
   * The server options this guard needs: the idle timeout, which closes connections on which
   * nothing moves at all, and no cleartext HTTP/2. A server that may be asked to switch to h2c
   * holds the first bytes until it knows which protocol they are, and only then reports the
   * connection: one whose head never completes would never be seen, so never timed.
   */
  public static HttpServerOptions bounded(HttpServerOptions options, GatewayConfig config) {
    return options.setIdleTimeout(Math.toIntExact(config.get(ConfigKeys.LIMITS_IDLE_TIMEOUT_MS)))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setHttp2ClearTextEnabled(false);
  }

  /** The server's connection handler: counts the connection and starts waiting for a head. */
  public Handler<HttpConnection> connections() {
    return this::opened;
  }

  private void opened(HttpConnection connection) {
    String address = connection.remoteAddress() == null ? "" : connection.remoteAddress().host();
    int count = openPerAddress.merge(address, 1, Integer::sum);
    if (count > perAddress) {
      release(address);
      metrics.connectionRefused("per_address");
      connection.close();
      return;
    }
    Connection state = new Connection(address);
    open.put(connection, state);
    connection.closeHandler(v -> closed(connection));
    awaitHead(connection, state);
  }

  private void closed(HttpConnection connection) {
    Connection state = open.remove(connection);
    if (state != null) {
      vertx.cancelTimer(state.headTimer);
      release(state.address);
    }
  }

  private void release(String address) {
    openPerAddress.computeIfPresent(address, (a, count) -> count == 1 ? null : count - 1);
  }

  private void awaitHead(HttpConnection connection, Connection state) {
    state.headTimer = vertx.setTimer(headerTimeoutMs, id -> {
      metrics.timedOut("header");
      connection.close();
    });
  }

  /** A request head arrived: its body, not the head, is now on the clock. */
  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpConnection connection = request.connection();
    boolean upgrading = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    Connection state = open.get(connection);
    if (state != null) {
      vertx.cancelTimer(state.headTimer);
      state.activeRequests++;
      ctx.addEndHandler(ended -> requestEnded(ctx, connection, state, upgrading));
    }
    // A WebSocket handshake has no body; its request may stay paused until the upgrade.
    if (!upgrading && !request.isEnded()) {
      long timer = vertx.setTimer(bodyTimeoutMs, id -> bodyTimedOut(ctx));
      request.end().onComplete(received -> vertx.cancelTimer(timer));
    }
    ctx.next();
  }

  private void requestEnded(RoutingContext ctx, HttpConnection connection, Connection state,
      boolean upgrading) {
    state.activeRequests--;
    // An accepted upgrade hands the connection to a WebSocket, which has no heads to wait for.
    state.upgraded |= upgrading && ctx.response().getStatusCode() < 400;
    if (state.activeRequests == 0 && !state.upgraded && open.containsKey(connection)) {
      awaitHead(connection, state);
    }
  }

  private void bodyTimedOut(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (request.isEnded()) {
      return;
    }
    metrics.timedOut("body");
    if (ctx.response().headWritten()) {
      request.connection().close();
      return;
    }
    ctx.response().putHeader("Connection", "close");
    ProblemHandler.send(ctx, HttpProblem.of(408, "request-timeout", "Request timeout",
            "The request body did not arrive within " + bodyTimeoutMs + " ms"))
        .onComplete(sent -> {
          // The rest of the body may still be on its way: nothing on this connection can be read
          // as the next request, so it ends here (on HTTP/2, only the stream does).
          if (request.version() == HttpVersion.HTTP_2) {
            ctx.response().reset();
          } else {
            request.connection().close();
          }
        });
  }
}
