package org.screening.workers.batching;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.screening.workers.config.WorkerConfig;

/**
 * A model's dynamic-batching knobs, as Triton and TF Serving name them.
 *
 * @param preferredBatchSizes sizes dispatched as soon as they can be formed
 * @param capacity most frames the queue holds
 */
public record BatchingPolicy(int maxBatchSize, long maxQueueDelayNanos,
    List<Integer> preferredBatchSizes, int capacity) {

  public BatchingPolicy {
    preferredBatchSizes = preferredBatchSizes.stream()
        .sorted(Comparator.reverseOrder()).distinct().toList();
  }

  public static BatchingPolicy from(WorkerConfig config, String modelId) {
    return new BatchingPolicy(
        config.getInt(WorkerConfig.modelKey(modelId, WorkerConfig.MODEL_MAX_BATCH_SIZE)),
        TimeUnit.MICROSECONDS.toNanos(config.getLong(
            WorkerConfig.modelKey(modelId, WorkerConfig.MODEL_MAX_QUEUE_DELAY_MICROS))),
        config.getIntList(WorkerConfig.modelKey(modelId, WorkerConfig.MODEL_PREFERRED_BATCH_SIZES)),
        config.getInt(WorkerConfig.QUEUE_MAX_SIZE));
  }

  /** The largest preferred size no larger than {@code queued}, or 0. */
  int largestPreferredAtMost(int queued) {
    for (int size : preferredBatchSizes) {
      if (size <= queued) {
        return size;
      }
    }
    return 0;
  }
}
