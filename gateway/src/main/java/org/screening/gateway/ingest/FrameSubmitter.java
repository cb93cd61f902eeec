package org.screening.gateway.ingest;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.screening.gateway.admission.Admission;
import org.screening.gateway.admission.InFlightLedger;
import org.screening.gateway.http.HttpProblem;
import org.screening.gateway.metrics.GatewayMetrics;
import org.screening.schemas.v1.Frame;

/**
 * Turns inspected images into Frames on Kafka: admission first (cluster-wide in-flight limits),
 * then ids and sequences, the cluster's frame registry, and the produce. Whatever fails after
 * admission gives the admission back, so a refused or failed request holds nothing.
 */
final class FrameSubmitter {

  private final Admission admission;
  private final InFlightLedger ledger;
  private final FeedSequences sequences;
  private final FrameRegistry registry;
  private final FrameProducer producer;
  private final GatewayMetrics metrics;
  private final String nodeId;

  FrameSubmitter(Admission admission, InFlightLedger ledger, FeedSequences sequences,
      FrameRegistry registry, FrameProducer producer, GatewayMetrics metrics, String nodeId) {
    this.admission = admission;
    this.ledger = ledger;
    this.sequences = sequences;
    this.registry = registry;
    this.producer = producer;
    this.metrics = metrics;
    this.nodeId = nodeId;
  }

  /** Sends {@code images} as frames with the given {@code ids}, one per image. */
  Future<List<AcceptedFrame>> submit(String tenant, String feed, SubmissionOptions options,
      List<FrameImage> images, List<String> ids) {
    return admission.admitFrames(tenant, feed, images.size()).compose(admitted -> {
      ids.forEach(id -> ledger.track(id, tenant, feed, options.taskSet()));
      return sequences.reserve(tenant, feed, images.size())
          .compose(first -> {
            List<Frame> frames = frames(tenant, feed, options, images, ids, first);
            return registry.register(tickets(frames)).map(v -> frames);
          })
          // Hazelcast fails these while a member leaves: a retry soon succeeds, so not a 500.
          .recover(e -> Future.failedFuture(HttpProblem.clusterUnreachable(e)))
          .onFailure(e -> ids.forEach(ledger::abandon))
          .compose(this::produce);
    });
  }

  private Future<List<AcceptedFrame>> produce(List<Frame> frames) {
    List<Future<AcceptedFrame>> sends = new ArrayList<>();
    for (Frame frame : frames) {
      sends.add(producer.send(frame)
          .map(metadata -> new AcceptedFrame(frame.getFrameId(), frame.getSequence())));
    }
    return Future.join(sends).transform(done -> {
      List<AcceptedFrame> accepted = new ArrayList<>();
      for (int i = 0; i < sends.size(); i++) {
        if (sends.get(i).succeeded()) {
          accepted.add(sends.get(i).result());
        } else {
          ledger.abandon(frames.get(i).getFrameId());
        }
      }
      metrics.framesAccepted(accepted.size());
      if (accepted.size() == frames.size()) {
        return Future.succeededFuture(accepted);
      }
      // Some frames may already be on their way: say which, so a retry resends only the rest.
      return Future.failedFuture(HttpProblem.unavailable(
              "Kafka did not acknowledge " + (frames.size() - accepted.size()) + " of "
                  + frames.size() + " frames; the others were accepted")
          .with(new JsonObject().put("accepted",
              new JsonArray(accepted.stream().map(AcceptedFrame::frameId).toList()))));
    });
  }

  private List<Frame> frames(String tenant, String feed, SubmissionOptions options,
      List<FrameImage> images, List<String> ids, long firstSequence) {
    Instant captured = options.captureTime() != null
        ? options.captureTime() : Instant.ofEpochMilli(System.currentTimeMillis());
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      FrameImage image = images.get(i);
      frames.add(Frame.newBuilder()
          .setFrameId(ids.get(i))
          .setTenant(tenant)
          .setFeedId(feed)
          .setSequence(firstSequence + i)
          .setCaptureTime(captured)
          .setModality(options.modality())
          .setEncoding(image.header().encoding())
          .setWidth(image.header().width())
          .setHeight(image.header().height())
          .setChannels(image.header().channels())
          .setPixels(ByteBuffer.wrap(image.bytes()))
          .setPixelsRef(null)
          .setTasks(options.tasks())
          .setModelOverride(options.model())
          .setQos(options.qos())
          .setDeadline(options.deadline())
          .setExplain(options.explain())
          .setAttributes(Map.of("gateway_node", nodeId))
          .build());
    }
    return frames;
  }

  private static List<FrameTicket> tickets(List<Frame> frames) {
    return frames.stream().map(frame -> new FrameTicket(frame.getFrameId(), frame.getTenant(),
        frame.getFeedId(), frame.getSequence(), frame.getTasks())).toList();
  }
}
