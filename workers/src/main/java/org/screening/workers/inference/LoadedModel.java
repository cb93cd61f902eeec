package org.screening.workers.inference;

import org.screening.workers.export.ModelInfo;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;

/**
 * A SavedModel ready to serve: its asset, its session, its serving signature, and the
 * explanation ops added to its graph: Grad-CAM, or null where it gives none (a segmenter, or a
 * card without {@code explain.feature_map}), and the involution kernel map, or null (a card
 * without {@code explain.involution_kernel}).
 */
public record LoadedModel(ModelInfo info, SavedModelBundle bundle, SessionFunction serving,
    GradCam gradCam, KernelMap kernelMap) implements AutoCloseable {

  /** A model that gives no explanations. */
  public LoadedModel(ModelInfo info, SavedModelBundle bundle, SessionFunction serving) {
    this(info, bundle, serving, null, null);
  }

  /** Whether a batch asking to explain fetches anything more than one that does not. */
  public boolean explains() {
    return gradCam != null || kernelMap != null;
  }

  @Override
  public void close() {
    bundle.close();
  }
}
