package org.screening.workers.inference;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.screening.schemas.ResultKeys;
import org.screening.schemas.v1.BatchInfo;
import org.screening.schemas.v1.Classification;
import org.screening.schemas.v1.FrameRef;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Timings;
import org.screening.workers.config.UncertaintyMethod;
import org.screening.workers.decode.FrameMeta;
import org.screening.workers.export.SavedModelExporter;

/** Builds the {@code Result} records of one worker: inferred ones and reported drops. */
public final class ResultFactory {

  /** The model outputs a result is built from; serving fetches no other. */
  public static final Set<String> OUTPUTS =
      Set.of(SavedModelExporter.PROBABILITIES, SavedModelExporter.MASK);
  /**
   * {@link #OUTPUTS}, the Grad-CAM heat map and the involution kernel map, for a batch with a
   * frame asking to explain.
   */
  public static final Set<String> EXPLAINED_OUTPUTS = Set.of(SavedModelExporter.PROBABILITIES,
      SavedModelExporter.MASK, GradCam.OUTPUT, KernelMap.OUTPUT);

  /** Attribute saying why a result carries no classification or segmentation. */
  public static final String OUTCOME = "outcome";
  /** {@link #OUTCOME} of a LIVE frame replaced in the queue by a newer frame of its feed. */
  public static final String DROPPED_STALE = "dropped_stale";
  /** {@link #OUTCOME} of a LIVE frame whose deadline passed before its batch ran. */
  public static final String DROPPED_DEADLINE = "dropped_deadline";
  /** Attribute of a {@link #DROPPED_STALE} result: the frame id that replaced it. */
  public static final String SUPERSEDED_BY = "superseded_by";

  private final String workerId;

  public ResultFactory(String workerId) {
    this.workerId = workerId;
  }

  /**
   * A result from the model's outputs for this frame (its slice of the batch), with its
   * uncertainty, and {@code needs_review} set when that is above the model's review threshold.
   * A classifier's probabilities are calibrated with its card's temperature first. Under
   * {@link UncertaintyMethod#FLIPS} the slice holds the frame's three views ({@link FlipViews}):
   * the classification, mask and explanations come from the frame as it is, and the
   * uncertainty is the entropy of the mean of the views' calibrated probabilities or masks
   * (flipped back). Explanations, where the frame asked and the batch fetched them, come as PNGs
   * at frame size: a classifier's Grad-CAM heat map, a Med-IC model's involution kernel map.
   *
   * @param where the frame's record on its topic
   */
  public Result inferred(FrameMeta frame, FrameRef where, Route route,
      Map<String, float[]> outputs, Timings timings, BatchInfo batch) {
    ServedModel model = route.model();
    UncertaintyMethod method = model.uncertainty();
    int views = method.views();
    Result.Builder result = base(frame, where, route, timings).setBatch(batch);
    float uncertainty = switch (route.task()) {
      case CLASSIFY -> {
        // Confidence and uncertainty both come from the calibrated probabilities: an
        // overconfident model would otherwise flag too few frames for review.
        float[][] probabilities = FlipViews.split(
            output(outputs, SavedModelExporter.PROBABILITIES), views);
        for (int view = 0; view < views; view++) {
          probabilities[view] = Classifications.calibrated(probabilities[view],
              model.loaded().info().temperature());
        }
        Classification classification = Classifications.of(model.labels(), probabilities[0]);
        float[] heatMap = firstView(outputs.get(GradCam.OUTPUT), views);
        // A frame that did not ask gets no map even when a neighbour in its batch did.
        if (frame.explain() && heatMap != null) {
          GradCam gradCam = model.loaded().gradCam();
          classification.setExplanationPng(ByteBuffer.wrap(Explanations.png(heatMap,
              gradCam.width(), gradCam.height(), frame.width(), frame.height())));
        }
        result.setClassification(classification);
        yield Classifications.uncertainty(FlipViews.mean(probabilities));
      }
      case SEGMENT -> {
        float[][] masks = FlipViews.split(output(outputs, SavedModelExporter.MASK), views);
        for (int view = 0; view < views; view++) {
          masks[view] = FlipViews.flipped(masks[view], view, model.inputHeight(),
              model.inputWidth(), 1);
        }
        result.setSegmentation(Segmentations.of(masks[0], model.inputWidth(),
            model.inputHeight(), frame.width(), frame.height()));
        yield Segmentations.uncertainty(FlipViews.mean(masks));
      }
    };
    float[] kernelMap = firstView(outputs.get(KernelMap.OUTPUT), views);
    if (frame.explain() && kernelMap != null) {
      KernelMap kernels = model.loaded().kernelMap();
      result.setInvolutionKernelPng(ByteBuffer.wrap(Explanations.png(kernelMap,
          kernels.width(), kernels.height(), frame.width(), frame.height())));
    }
    return result.setUncertainty(uncertainty)
        .setUncertaintyMethod(method.configName())
        .setNeedsReview(uncertainty > model.reviewThreshold())
        .build();
  }

  /** The map of the frame as it is, from a slice holding all its views; null stays null. */
  private static float[] firstView(float[] values, int views) {
    return values == null ? null : FlipViews.split(values, views)[0];
  }

  /** A result that reports, rather than hides, a frame that was not run. */
  public Result dropped(FrameMeta frame, FrameRef where, Route route,
      Map<String, String> attributes, Timings timings) {
    return base(frame, where, route, timings)
        .setBatch(BatchInfo.newBuilder().setBatchId("").setBatchSize(0).build())
        .setAttributes(attributes).build();
  }

  private Result.Builder base(FrameMeta frame, FrameRef where, Route route, Timings timings) {
    ServedModel model = route.model();
    return Result.newBuilder()
        .setResultKey(ResultKeys.of(frame.frameId(), model.name(), model.version()))
        .setFrameId(frame.frameId())
        .setTenant(frame.tenant())
        .setFeedId(frame.feedId())
        .setSequence(frame.sequence())
        .setCaptureTime(frame.captureTime())
        .setTask(route.task())
        .setFrameRef(where)
        .setModel(model.ref())
        .setTimings(timings)
        .setWorkerId(workerId)
        .setProducedAt(Instant.now())
        .setAttributes(Map.of());
  }

  private static float[] output(Map<String, float[]> outputs, String name) {
    float[] values = outputs.get(name);
    if (values == null) {
      throw new IllegalStateException("The model has no '" + name + "' output; it has "
          + outputs.keySet());
    }
    return values;
  }
}
