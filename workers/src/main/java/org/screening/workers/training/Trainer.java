package org.screening.workers.training;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.screening.workers.data.Dataset;
import org.screening.workers.data.Sample;
import org.screening.workers.data.Split;
import org.screening.workers.data.Task;
import org.screening.workers.export.ModelInfo;
import org.screening.workers.export.ModelWeights;
import org.screening.workers.inference.Predictions;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Trains a model on a dataset: a seeded held-out split, seeded shuffling, mini-batch Adam (or
 * AdamW) steps at the recipe's learning-rate schedule, CutMix where the recipe mixes, with a
 * progress bar, then the paper's metrics on the held-out part and, for a
 * classifier, temperature scaling fitted on it.
 */
public final class Trainer {

  private static final int EVAL_BATCH = 32;

  /**
   * What training produced: weights to export and how well they did on held-out data.
   *
   * @param calibration the classifier's fitted temperature; null for a segmenter
   */
  public record Outcome(ModelWeights weights, Map<String, Object> heldOutMetrics,
      ModelInfo.Calibration calibration, long parameterCount, int trainSamples,
      int heldOutSamples, double seconds) {}

  private record Evaluation(Map<String, Object> metrics, ModelInfo.Calibration calibration) {}

  private final TrainingConfig config;
  private final PrintStream progress;
  private final boolean terminal;

  public Trainer(TrainingConfig config, PrintStream progress, boolean terminal) {
    this.config = config;
    this.progress = progress;
    this.terminal = terminal;
  }

  public Outcome train(Dataset data) {
    check(data);
    long start = System.nanoTime();
    Split split = data.split(config.heldOutFraction(), config.seed());
    List<Sample> train = new ArrayList<>(split.train().samples());
    int classes = Math.max(1, data.classNames().size());
    try (TrainingGraph graph = new TrainingGraph(config, classes)) {
      Random shuffle = new Random(config.seed());
      // Its own stream, so turning CutMix on or off leaves the shuffling as it was.
      CutMix cutMix = new CutMix(config.cutMix(), config.seed() + 1);
      int steps = (train.size() + config.batchSize() - 1) / config.batchSize();
      LearningRateSchedule schedule = config.schedule(steps);
      ProgressBar bar = new ProgressBar(progress, terminal, config.epochs(), steps);
      long done = 0;
      for (int epoch = 1; epoch <= config.epochs(); epoch++) {
        Collections.shuffle(train, shuffle);
        double lossSum = 0;
        for (int step = 1; step <= steps; step++) {
          List<Sample> samples = train.subList((step - 1) * config.batchSize(),
              Math.min(train.size(), step * config.batchSize()));
          try (Batch batch = isSegmentation()
              ? Batch.of(samples, data.height(), data.width(), true)
              : cutMix.batch(samples, data.height(), data.width(), classes)) {
            lossSum += graph.step(batch, (float) schedule.at(done++));
          }
          bar.step(epoch, step, samples.size(), lossSum / step);
        }
      }
      Evaluation heldOut = evaluate(graph, split.heldOut());
      return new Outcome(graph.weights(), heldOut.metrics(), heldOut.calibration(),
          graph.parameterCount(), train.size(), split.heldOut().size(),
          (System.nanoTime() - start) / 1e9);
    }
  }

  private Evaluation evaluate(TrainingGraph graph, Dataset heldOut) {
    ClassificationMetrics classification = new ClassificationMetrics(heldOut.classNames());
    SegmentationMetrics segmentation = new SegmentationMetrics();
    List<Sample> samples = heldOut.samples();
    int outputsPerImage = isSegmentation()
        ? heldOut.height() * heldOut.width() : heldOut.classNames().size();
    float[][] logits = new float[samples.size()][];
    int[] labels = new int[samples.size()];
    for (int from = 0; from < samples.size(); from += EVAL_BATCH) {
      List<Sample> chunk = samples.subList(from, Math.min(samples.size(), from + EVAL_BATCH));
      float[] out = new float[chunk.size() * outputsPerImage];
      // A classifier's logits rather than its probabilities: their arg max is the same, and
      // temperature scaling is fitted on them.
      try (Batch batch = Batch.of(chunk, heldOut.height(), heldOut.width(), isSegmentation());
          TFloat32 prediction = isSegmentation()
              ? graph.predict(batch.images()) : graph.logits(batch.images())) {
        prediction.copyTo(DataBuffers.of(out));
      }
      for (int i = 0; i < chunk.size(); i++) {
        float[] one = Arrays.copyOfRange(out, i * outputsPerImage,
            (i + 1) * outputsPerImage);
        if (isSegmentation()) {
          segmentation.add(chunk.get(i).mask(), one);
        } else {
          logits[from + i] = one;
          labels[from + i] = chunk.get(i).label();
          classification.add(labels[from + i], Predictions.argMax(one));
        }
      }
    }
    return isSegmentation()
        ? new Evaluation(segmentation.report(), null)
        : new Evaluation(classification.report(), HeldOutCalibration.of(logits, labels));
  }

  private boolean isSegmentation() {
    return config.model().segmentation();
  }

  private void check(Dataset data) {
    Task wanted = isSegmentation() ? Task.SEGMENT : Task.CLASSIFY;
    int size = config.model().inputSize();
    if (data.task() != wanted) {
      throw new IllegalArgumentException(config.model().cliName() + " trains on " + wanted
          + " data, but the dataset is " + data.task());
    }
    if (data.height() != size || data.width() != size) {
      throw new IllegalArgumentException(config.model().cliName() + " takes " + size + "x" + size
          + " images, but the dataset was loaded at " + data.height() + "x" + data.width());
    }
    if (data.size() < 2) {
      throw new IllegalArgumentException("Need at least 2 samples to train and hold out, got "
          + data.size());
    }
  }
}
