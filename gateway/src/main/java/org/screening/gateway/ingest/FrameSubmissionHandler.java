package org.screening.gateway.ingest;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.screening.gateway.auth.Principal;
import org.screening.gateway.http.PathParams;

/**
 * {@code POST /v1/feeds/{feed}/frames}: reads the images, checks them, and answers 202 with the
 * ids the frames got and where their results appear. The feed is the caller's tenant's feed of
 * that name: tenants never share feeds.
 */
public final class FrameSubmissionHandler implements Handler<RoutingContext> {

  private final BodyReader bodies;
  private final ImageInspector inspector;
  private final FrameSubmitter submitter;

  FrameSubmissionHandler(IngestLimits limits, FrameSubmitter submitter) {
    this.bodies = new BodyReader(limits);
    this.inspector = new ImageInspector(limits);
    this.submitter = submitter;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Principal principal = Principal.of(ctx);
    String feed = PathParams.feed(ctx);
    SubmissionOptions options = SubmissionOptions.from(ctx.request());
    bodies.read(ctx.request())
        .map(parts -> parts.stream().map(part -> inspector.inspect(part, options.rawShape())).toList())
        .compose(images -> submitter.submit(principal.tenant(), feed, options, images))
        .onSuccess(accepted -> accepted(ctx, feed, accepted))
        .onFailure(ctx::fail);
  }

  private static void accepted(RoutingContext ctx, String feed, List<AcceptedFrame> frames) {
    JsonArray list = new JsonArray();
    for (AcceptedFrame frame : frames) {
      list.add(new JsonObject()
          .put("frame_id", frame.frameId())
          .put("sequence", frame.sequence())
          .put("results", resultsPath(frame.frameId())));
    }
    if (frames.size() == 1) {
      ctx.response().putHeader("Location", resultsPath(frames.get(0).frameId()));
    }
    ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
        .end(new JsonObject()
            .put("feed_id", feed)
            .put("frames", list)
            .put("stream", "/v1/feeds/" + feed + "/results")
            .encode());
  }

  private static String resultsPath(String frameId) {
    return "/v1/frames/" + frameId + "/results";
  }
}
