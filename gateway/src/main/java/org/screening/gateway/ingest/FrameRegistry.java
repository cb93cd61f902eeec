package org.screening.gateway.ingest;

import io.vertx.core.Future;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.SharedData;
import java.util.List;

/** The cluster map of accepted frames, each entry expiring after a configured time. */
public final class FrameRegistry {

  private final AsyncMap<String, String> tickets;
  private final long ttlMs;

  private FrameRegistry(AsyncMap<String, String> tickets, long ttlMs) {
    this.tickets = tickets;
    this.ttlMs = ttlMs;
  }

  public static Future<FrameRegistry> create(SharedData shared, long ttlMs) {
    return shared.<String, String>getAsyncMap("screening.frames")
        .map(tickets -> new FrameRegistry(tickets, ttlMs));
  }

  Future<Void> register(List<FrameTicket> frames) {
    return Future.all(frames.stream()
        .map(frame -> tickets.put(frame.frameId(), frame.encode(), ttlMs))
        .toList()).mapEmpty();
  }

  /** The frame's ticket, or null when no frame has that id (or it expired). */
  public Future<FrameTicket> find(String frameId) {
    return tickets.get(frameId).map(json -> json == null ? null : FrameTicket.decode(frameId, json));
  }
}
