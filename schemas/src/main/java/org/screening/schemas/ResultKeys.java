package org.screening.schemas;

/**
 * Builds {@code Result.result_key}. The key depends only on the frame and the model, so a frame
 * redelivered after a worker crash yields the same key and readers can drop the duplicate.
 */
public final class ResultKeys {

  private ResultKeys() {}

  /** The key {@code frameId/modelName:modelVersion}, e.g. {@code f-17/medic-cls:1}. */
  public static String of(String frameId, String modelName, String modelVersion) {
    return frameId + "/" + modelName + ":" + modelVersion;
  }
}
