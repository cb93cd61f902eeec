package org.screening.gateway.fanout;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.screening.gateway.auth.Principal;
import org.screening.gateway.http.HttpProblem;
import org.screening.gateway.http.PathParams;

/**
 * {@code GET /v1/feeds/{feed}/summary}: the feed's newest summary, as its {@code summary} event
 * carries it. The feed is looked up within the caller's tenant, so another tenant's feed is
 * answered exactly like an unknown one.
 */
final class FeedSummaryHandler implements Handler<RoutingContext> {

  private final FeedSummaries summaries;

  FeedSummaryHandler(FeedSummaries summaries) {
    this.summaries = summaries;
  }

  @Override
  public void handle(RoutingContext ctx) {
    FeedKey feed = new FeedKey(Principal.of(ctx).tenant(), PathParams.feed(ctx));
    FeedNotice summary = summaries.of(feed);
    if (summary == null) {
      throw HttpProblem.notFound("No summary of that feed is known to this tenant");
    }
    ctx.response().putHeader("Content-Type", "application/json").end(summary.json());
  }
}
