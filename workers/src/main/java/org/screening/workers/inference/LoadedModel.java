package org.screening.workers.inference;

import org.screening.workers.export.ModelInfo;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;

/**
 * A SavedModel ready to serve: its asset, its session, its serving signature, and the Grad-CAM
 * ops added to its graph, or null where it gives no explanations (a segmenter, or a card without
 * {@code explain}).
 */
public record LoadedModel(ModelInfo info, SavedModelBundle bundle, SessionFunction serving,
    GradCam gradCam) implements AutoCloseable {

  /** A model that gives no explanations. */
  public LoadedModel(ModelInfo info, SavedModelBundle bundle, SessionFunction serving) {
    this(info, bundle, serving, null);
  }

  @Override
  public void close() {
    bundle.close();
  }
}
