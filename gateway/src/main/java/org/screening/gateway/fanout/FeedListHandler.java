package org.screening.gateway.fanout;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.TreeSet;
import org.screening.gateway.auth.Principal;

/**
 * {@code GET /v1/feeds}: the caller's tenant's feeds this node knows of (recent results kept in
 * memory, or a summary), by name, each with {@code replay_after}: the event id to resume after
 * to get the feed's recent results first (null when only a summary is known). What a viewer
 * lists to pick from; feeds of other tenants never appear.
 */
final class FeedListHandler implements Handler<RoutingContext> {

  private final FeedHistory history;
  private final FeedSummaries summaries;

  FeedListHandler(FeedHistory history, FeedSummaries summaries) {
    this.history = history;
    this.summaries = summaries;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String tenant = Principal.of(ctx).tenant();
    Map<String, EventId> recent = history.feedsOf(tenant);
    TreeSet<String> names = new TreeSet<>(recent.keySet());
    names.addAll(summaries.feedsOf(tenant));
    JsonArray feeds = new JsonArray();
    for (String name : names) {
      EventId replayAfter = recent.get(name);
      feeds.add(new JsonObject()
          .put("feed_id", name)
          .put("replay_after", replayAfter == null ? null : replayAfter.toString()));
    }
    ctx.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("feeds", feeds).encode());
  }
}
