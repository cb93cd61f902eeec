package org.screening.gateway.fanout;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.screening.gateway.auth.Principal;
import org.screening.gateway.http.HttpProblem;
import org.screening.gateway.http.PathParams;
import org.screening.schemas.v1.SlideTile;

/**
 * {@code GET /v1/frames/{id}/image}: the frame's pixels (PNG or JPEG as sent, raw pixels as PNG),
 * read back from Kafka where its result said it lies; and {@code GET /v1/frames/{id}/tile}:
 * where that frame, a tile of a slide, lies on its slide. Only the frame's own tenant is
 * answered; a frame of another tenant is the same 404 as an unknown one. 410 once the frames
 * topic's retention removed the frame.
 */
final class FrameImageHandler implements Handler<RoutingContext> {

  private final FrameResults frames;
  private final FrameImages images;
  private final boolean tile;

  private FrameImageHandler(FrameResults frames, FrameImages images, boolean tile) {
    this.frames = frames;
    this.images = images;
    this.tile = tile;
  }

  static FrameImageHandler image(FrameResults frames, FrameImages images) {
    return new FrameImageHandler(frames, images, false);
  }

  static FrameImageHandler tile(FrameResults frames, FrameImages images) {
    return new FrameImageHandler(frames, images, true);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String tenant = Principal.of(ctx).tenant();
    String frameId = PathParams.frame(ctx);
    FramePosition position = frames.of(frameId).position;
    if (position == null || !position.tenant().equals(tenant)) {
      ctx.fail(HttpProblem.notFound("No image of that frame is known to this tenant"));
      return;
    }
    images.image(frameId, position).onSuccess(image -> {
      if (tile) {
        respondTile(ctx, image.tile());
      } else {
        ctx.response().putHeader("Content-Type", image.contentType())
            // A frame's pixels never change: the browser may keep them as long as it likes.
            .putHeader("Cache-Control", "private, max-age=86400, immutable")
            .end(Buffer.buffer(image.bytes()));
      }
    }).onFailure(ctx::fail);
  }

  private static void respondTile(RoutingContext ctx, SlideTile tile) {
    if (tile == null) {
      ctx.fail(HttpProblem.notFound("That frame is not a tile of a slide"));
      return;
    }
    ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject()
        .put("slide_id", tile.getSlideId())
        .put("level", tile.getLevel())
        .put("x", tile.getX())
        .put("y", tile.getY())
        .put("width", tile.getWidth())
        .put("height", tile.getHeight())
        .put("slide_width", tile.getSlideWidth())
        .put("slide_height", tile.getSlideHeight())
        .encode());
  }
}
