package org.screening.gateway.ingest;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.screening.gateway.auth.Principal;
import org.screening.gateway.http.PathParams;
import org.screening.gateway.ingest.IdempotentUploads.Answer;

/**
 * {@code POST /v1/feeds/{feed}/frames}: reads the images, checks them, and answers 202 with the
 * ids the frames got and where their results appear. The feed is the caller's tenant's feed of
 * that name: tenants never share feeds. With an {@code Idempotency-Key} header, a retry of the
 * same upload (to any node) gets the first answer again, and its frames are not sent twice.
 */
public final class FrameSubmissionHandler implements Handler<RoutingContext> {

  private final BodyReader bodies;
  private final ImageInspector inspector;
  private final FrameSubmitter submitter;
  private final IdempotentUploads uploads;

  FrameSubmissionHandler(IngestLimits limits, FrameSubmitter submitter, IdempotentUploads uploads) {
    this.bodies = new BodyReader(limits);
    this.inspector = new ImageInspector(limits);
    this.submitter = submitter;
    this.uploads = uploads;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Principal principal = Principal.of(ctx);
    String feed = PathParams.feed(ctx);
    SubmissionOptions options = SubmissionOptions.from(ctx.request());
    String key = IdempotentUploads.key(ctx.request());
    bodies.read(ctx.request())
        .map(parts -> parts.stream().map(part -> inspector.inspect(part, options.rawShape())).toList())
        .compose(images -> key == null
            ? submit(principal.tenant(), feed, options, images,
                IdempotentUploads.newFrameIds(images.size()))
            : submitOnce(principal.tenant(), key, feed, options, images))
        .onSuccess(answer -> reply(ctx, answer))
        .onFailure(ctx::fail);
  }

  private Future<Answer> submit(String tenant, String feed, SubmissionOptions options,
      List<FrameImage> images, List<String> frameIds) {
    return submitter.submit(tenant, feed, options, images, frameIds)
        .map(accepted -> answer(feed, accepted));
  }

  /** The upload under a client's idempotency key: sent once, answered alike every time. */
  private Future<Answer> submitOnce(String tenant, String key, String feed,
      SubmissionOptions options, List<FrameImage> images) {
    String fingerprint = IdempotentUploads.fingerprint(feed, options,
        images.stream().map(FrameImage::bytes).toList());
    return uploads.claim(tenant, key, fingerprint, images.size()).compose(outcome -> {
      if (outcome.earlier() != null) {
        return Future.succeededFuture(outcome.earlier());
      }
      IdempotentUploads.Claim claim = outcome.claim();
      return submit(tenant, feed, options, images, claim.frameIds()).compose(
          // Kept or not, the frames are on their way: the client gets its answer regardless.
          answer -> uploads.answered(claim, answer).transform(kept -> Future.succeededFuture(answer)),
          failure -> uploads.failed(claim).transform(kept -> Future.failedFuture(failure)));
    });
  }

  private static Answer answer(String feed, List<AcceptedFrame> frames) {
    JsonArray list = new JsonArray();
    for (AcceptedFrame frame : frames) {
      list.add(new JsonObject()
          .put("frame_id", frame.frameId())
          .put("sequence", frame.sequence())
          .put("results", resultsPath(frame.frameId())));
    }
    String body = new JsonObject()
        .put("feed_id", feed)
        .put("frames", list)
        .put("stream", "/v1/feeds/" + feed + "/results")
        .encode();
    return new Answer(202, body, frames.size() == 1 ? resultsPath(frames.get(0).frameId()) : null);
  }

  private static void reply(RoutingContext ctx, Answer answer) {
    if (answer.location() != null) {
      ctx.response().putHeader("Location", answer.location());
    }
    ctx.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
        .end(answer.body());
  }

  private static String resultsPath(String frameId) {
    return "/v1/frames/" + frameId + "/results";
  }
}
