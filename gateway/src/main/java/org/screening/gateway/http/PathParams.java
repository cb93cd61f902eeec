package org.screening.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/** Validated path parameters: a bad id is a 400 before anything is looked up with it. */
public final class PathParams {

  private static final Pattern FEED = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final Pattern FRAME = Pattern.compile("[A-Za-z0-9-]{1,64}");

  private PathParams() {}

  public static String feed(RoutingContext ctx) {
    String feed = ctx.pathParam("feed");
    if (feed == null || !FEED.matcher(feed).matches()) {
      throw HttpProblem.badRequest("A feed id is 1 to 128 letters, digits, '.', '_' or '-'");
    }
    return feed;
  }

  public static String frame(RoutingContext ctx) {
    String frame = ctx.pathParam("id");
    if (frame == null || !FRAME.matcher(frame).matches()) {
      throw HttpProblem.notFound("No frame with that id");
    }
    return frame;
  }
}
