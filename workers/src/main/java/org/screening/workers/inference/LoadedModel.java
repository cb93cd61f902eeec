package org.screening.workers.inference;

import org.screening.workers.export.ModelInfo;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;

/** A SavedModel ready to serve: its asset, its session, and its serving signature. */
public record LoadedModel(ModelInfo info, SavedModelBundle bundle, SessionFunction serving)
    implements AutoCloseable {

  @Override
  public void close() {
    bundle.close();
  }
}
