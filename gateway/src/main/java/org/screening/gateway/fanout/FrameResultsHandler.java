package org.screening.gateway.fanout;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.screening.gateway.auth.Principal;
import org.screening.gateway.http.HttpProblem;
import org.screening.gateway.http.PathParams;
import org.screening.gateway.ingest.FrameRegistry;
import org.screening.gateway.ingest.FrameTicket;
import org.screening.schemas.v1.Task;

/**
 * {@code GET /v1/frames/{id}/results}: the results of a frame received so far, or its dead letter
 * ({@code dead_letter.reason}; the answer is then complete). Frames submitted
 * over HTTP are known cluster-wide (their tickets say which tasks to expect, hence whether the
 * answer is complete); frames produced straight to Kafka are known by their results alone. A
 * frame of another tenant is answered exactly like an unknown one.
 */
final class FrameResultsHandler implements Handler<RoutingContext> {

  private final FrameRegistry registry;
  private final FrameResults frames;

  FrameResultsHandler(FrameRegistry registry, FrameResults frames) {
    this.registry = registry;
    this.frames = frames;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String tenant = Principal.of(ctx).tenant();
    String frameId = PathParams.frame(ctx);
    registry.find(frameId).onSuccess(ticket -> {
      FrameResults.Outcome outcome = frames.of(frameId);
      List<ResultEvent> results = outcome.results.stream()
          .filter(event -> event.feed().tenant().equals(tenant))
          .toList();
      DeadLetterEvent deadLetter = outcome.deadLetter != null
          && outcome.deadLetter.feed().tenant().equals(tenant) ? outcome.deadLetter : null;
      boolean known = ticket != null ? ticket.tenant().equals(tenant)
          : !results.isEmpty() || deadLetter != null;
      if (!known) {
        ctx.fail(HttpProblem.notFound("No frame with that id is known to this tenant"));
        return;
      }
      ctx.response().putHeader("Content-Type", "application/json")
          .end(body(frameId, ticket, results, deadLetter));
    }).onFailure(e -> ctx.fail(HttpProblem.unavailable("Cluster state is unreachable")));
  }

  private static String body(String frameId, FrameTicket ticket, List<ResultEvent> results,
      DeadLetterEvent deadLetter) {
    JsonObject head = new JsonObject().put("frame_id", frameId);
    if (ticket != null) {
      head.put("feed_id", ticket.feed())
          .put("sequence", ticket.sequence())
          .put("tasks", new JsonArray(ticket.tasks().stream().map(Task::name).toList()))
          // A dead-lettered frame gets no result: its answer is complete as it stands.
          .put("complete", deadLetter != null || complete(ticket, results));
    }
    if (deadLetter != null) {
      head.put("dead_letter", new JsonObject().put("reason", deadLetter.reason()));
    }
    // The results are already JSON text: splice them in rather than parse them again.
    String encoded = head.encode();
    StringBuilder body = new StringBuilder(encoded.substring(0, encoded.length() - 1))
        .append(",\"results\":[");
    for (int i = 0; i < results.size(); i++) {
      body.append(i == 0 ? "" : ",").append(results.get(i).json());
    }
    return body.append("]}").toString();
  }

  private static boolean complete(FrameTicket ticket, List<ResultEvent> results) {
    Set<Task> missing = EnumSet.copyOf(ticket.tasks());
    for (ResultEvent result : results) {
      if (result.droppedStale()) {
        return true;
      }
      missing.remove(result.task());
    }
    return missing.isEmpty();
  }
}
