package org.screening.workers.inference;

import java.util.List;
import org.screening.schemas.v1.ModelRef;
import org.screening.schemas.v1.Task;
import org.screening.workers.config.UncertaintyMethod;

/**
 * A loaded model as the worker serves it: the task it answers and what every result says about
 * it. Closed by the {@link ModelRegistry} that loaded it.
 *
 * @param id the config handle ({@code models.<id>.}), for its batching knobs
 * @param opLibrarySha256 the op library the graph runs with, or null when it uses no custom op
 * @param reviewThreshold a result whose uncertainty is above this needs review
 *     ({@code models.<id>.reviewThreshold})
 * @param uncertainty how results estimate their uncertainty ({@code models.<id>.uncertainty}):
 *     {@link UncertaintyMethod#FLIPS} runs each frame's flips in the same batch
 */
public record ServedModel(String id, LoadedModel loaded, Task task, String opLibrarySha256,
    double reviewThreshold, UncertaintyMethod uncertainty) {

  public String name() {
    return loaded.info().name();
  }

  public String version() {
    return loaded.info().version();
  }

  /** {@code name:version}, as frames name it in {@code model_override}. */
  public String key() {
    return name() + ":" + version();
  }

  public int inputHeight() {
    return loaded.info().input().height();
  }

  public int inputWidth() {
    return loaded.info().input().width();
  }

  public List<String> labels() {
    return loaded.info().labels();
  }

  /** A fresh audit record for a result (Avro records are mutable, so none is shared). */
  public ModelRef ref() {
    return ModelRef.newBuilder()
        .setName(name())
        .setVersion(version())
        .setSha256(loaded.info().weightsSha256())
        .setOpLibrarySha256(opLibrarySha256)
        .build();
  }
}
