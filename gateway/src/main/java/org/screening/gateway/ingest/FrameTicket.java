package org.screening.gateway.ingest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.screening.schemas.v1.Task;

/**
 * What the cluster remembers about an accepted frame (no pixels): whose it is and what was
 * asked, so any node can answer {@code GET /v1/frames/{id}/results} for its tenant only.
 */
public record FrameTicket(String frameId, String tenant, String feed, long sequence, List<Task> tasks) {

  String encode() {
    return new JsonObject()
        .put("tenant", tenant)
        .put("feed", feed)
        .put("sequence", sequence)
        .put("tasks", new JsonArray(tasks.stream().map(Task::name).toList()))
        .encode();
  }

  static FrameTicket decode(String frameId, String json) {
    JsonObject ticket = new JsonObject(json);
    return new FrameTicket(frameId, ticket.getString("tenant"), ticket.getString("feed"),
        ticket.getLong("sequence"),
        ticket.getJsonArray("tasks").stream().map(t -> Task.valueOf((String) t)).toList());
  }
}
