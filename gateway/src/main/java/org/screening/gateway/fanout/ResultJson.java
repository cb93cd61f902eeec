package org.screening.gateway.fanout;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.Base64;
import org.screening.schemas.v1.BoundingBox;
import org.screening.schemas.v1.Classification;
import org.screening.schemas.v1.FrameRef;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Segmentation;

/**
 * A Result as JSON, field for field as in {@code Result.avsc} (so its docs apply), with the
 * segmentation mask, the classification's heat map and the involution kernel map as base64 PNG
 * and times as ISO-8601 instants.
 */
final class ResultJson {

  private ResultJson() {}

  static JsonObject of(Result result) {
    JsonObject json = new JsonObject()
        .put("result_key", result.getResultKey())
        .put("frame_id", result.getFrameId())
        .put("tenant", result.getTenant())
        .put("feed_id", result.getFeedId())
        .put("sequence", result.getSequence())
        .put("capture_time", result.getCaptureTime().toString())
        .put("task", result.getTask().name())
        .put("model", new JsonObject()
            .put("name", result.getModel().getName())
            .put("version", result.getModel().getVersion())
            .put("sha256", result.getModel().getSha256())
            .put("op_library_sha256", result.getModel().getOpLibrarySha256()))
        .put("classification", classification(result.getClassification()))
        .put("segmentation", segmentation(result.getSegmentation()))
        .put("timings", new JsonObject()
            .put("queue_ms", result.getTimings().getQueueMs())
            .put("decode_ms", result.getTimings().getDecodeMs())
            .put("inference_ms", result.getTimings().getInferenceMs())
            .put("end_to_end_ms", result.getTimings().getEndToEndMs()))
        .put("batch", new JsonObject()
            .put("batch_id", result.getBatch().getBatchId())
            .put("batch_size", result.getBatch().getBatchSize()))
        .put("worker_id", result.getWorkerId())
        .put("produced_at", result.getProducedAt().toString())
        .put("frame_ref", frameRef(result.getFrameRef()))
        .put("uncertainty", result.getUncertainty())
        .put("uncertainty_method", result.getUncertaintyMethod())
        .put("involution_kernel_png", result.getInvolutionKernelPng() == null ? null
            : base64(result.getInvolutionKernelPng()))
        .put("needs_review", result.getNeedsReview());
    JsonObject attributes = new JsonObject();
    result.getAttributes().forEach(attributes::put);
    return json.put("attributes", attributes);
  }

  private static JsonObject frameRef(FrameRef ref) {
    if (ref == null) {
      return null;
    }
    return new JsonObject()
        .put("topic", ref.getTopic())
        .put("partition", ref.getPartition())
        .put("offset", ref.getOffset());
  }

  private static JsonObject classification(Classification c) {
    if (c == null) {
      return null;
    }
    return new JsonObject()
        .put("labels", new JsonArray(c.getLabels()))
        .put("probabilities", new JsonArray(c.getProbabilities()))
        .put("top1_label", c.getTop1Label())
        .put("top1_probability", c.getTop1Probability())
        .put("entropy", c.getEntropy())
        .put("explanation_png",
            c.getExplanationPng() == null ? null : base64(c.getExplanationPng()));
  }

  private static JsonObject segmentation(Segmentation s) {
    if (s == null) {
      return null;
    }
    BoundingBox box = s.getBbox();
    return new JsonObject()
        .put("mask_png", base64(s.getMaskPng()))
        .put("width", s.getWidth())
        .put("height", s.getHeight())
        .put("foreground_fraction", s.getForegroundFraction())
        .put("bbox", box == null ? null : new JsonObject()
            .put("x", box.getX())
            .put("y", box.getY())
            .put("width", box.getWidth())
            .put("height", box.getHeight()));
  }

  private static String base64(ByteBuffer bytes) {
    ByteBuffer view = bytes.duplicate();
    byte[] copy = new byte[view.remaining()];
    view.get(copy);
    return Base64.getEncoder().encodeToString(copy);
  }
}
