package org.screening.gateway.fanout;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.screening.gateway.admission.Admission;
import org.screening.gateway.auth.Principal;
import org.screening.gateway.http.HttpProblem;
import org.screening.gateway.http.PathParams;

/**
 * {@code GET /v1/feeds/{feed}/results}: a stream of the feed's results, as Server-Sent Events,
 * or as WebSocket messages when the request asks for an upgrade (always, on {@code .../ws}).
 * A client resumes with {@code Last-Event-ID} (or {@code ?lastEventId=}) and first gets what it
 * missed (see {@link FanoutHub#subscribe}). Open streams count against the API key's limit.
 */
final class FeedStreamHandler implements Handler<RoutingContext> {

  private final FanoutHub hub;
  private final Admission admission;
  private final int maxBacklog;
  private final boolean webSocketOnly;

  FeedStreamHandler(FanoutHub hub, Admission admission, int maxBacklog, boolean webSocketOnly) {
    this.hub = hub;
    this.admission = admission;
    this.maxBacklog = maxBacklog;
    this.webSocketOnly = webSocketOnly;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Principal principal = Principal.of(ctx);
    FeedKey feed = new FeedKey(principal.tenant(), PathParams.feed(ctx));
    EventId lastSeen = lastSeen(ctx.request());
    boolean upgrade = "websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"));
    if (webSocketOnly && !upgrade) {
      throw HttpProblem.badRequest("This path is a WebSocket endpoint: send an upgrade request");
    }
    if (upgrade) {
      // The upgrade must find the request as it arrived, after the cluster round trip below.
      ctx.request().pause();
    }
    admission.admitSubscription(principal)
        .compose(admitted -> open(ctx, feed, upgrade)
            .onFailure(e -> admission.releaseSubscription(principal)))
        .onSuccess(subscriber -> {
          subscriber.onClose(() -> {
            hub.unsubscribe(feed, subscriber);
            admission.releaseSubscription(principal);
          });
          hub.subscribe(feed, subscriber, lastSeen);
        })
        .onFailure(e -> {
          if (upgrade) {
            ctx.request().resume();
          }
          ctx.fail(e);
        });
  }

  private Future<Subscriber> open(RoutingContext ctx, FeedKey feed, boolean upgrade) {
    if (upgrade) {
      return ctx.request().toWebSocket()
          .map(socket -> new WebSocketSubscriber(socket, feed, maxBacklog));
    }
    if (ctx.response().closed()) {
      return Future.failedFuture(new IllegalStateException("client left before the stream opened"));
    }
    return Future.succeededFuture(new SseSubscriber(ctx.response(), maxBacklog));
  }

  private static EventId lastSeen(HttpServerRequest request) {
    String text = request.getHeader("Last-Event-ID");
    if (text == null) {
      text = request.getParam("lastEventId");
    }
    if (text == null || text.isBlank()) {
      return null;
    }
    EventId id = EventId.parse(text.trim());
    if (id == null) {
      throw HttpProblem.badRequest("Last-Event-ID must be an event id as sent: <partition>-<offset>");
    }
    return id;
  }
}
