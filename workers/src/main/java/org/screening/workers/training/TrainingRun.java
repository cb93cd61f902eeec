package org.screening.workers.training;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.screening.workers.data.Dataset;
import org.screening.workers.data.DatasetFormat;
import org.screening.workers.export.MetricsTable;
import org.screening.workers.export.ModelCard;
import org.screening.workers.export.ModelInfo;
import org.screening.workers.export.SavedModelExporter;
import org.screening.workers.involution.InvolutionLibrary;

/**
 * Data in, servable model out: loads a dataset in one of the supported layouts, trains, prints
 * the held-out metrics, and exports the SavedModel with its asset, metrics JSON and model card.
 */
public final class TrainingRun {

  /** Where the data came from, for the model card. */
  public record DataSource(Path dir, DatasetFormat format, String description) {}

  private TrainingRun() {}

  public static ModelInfo run(TrainingConfig config, DataSource source, String version, Path out,
      PrintStream console, boolean terminal) throws IOException {
    int size = config.model().inputSize();
    Dataset data = source.format().loader().load(source.dir(), size, size);
    console.printf("%s: %d samples, %d classes, %s%n", source.dir(), data.size(),
        data.classNames().size(), data.task());
    Trainer.Outcome outcome = new Trainer(config, console, terminal).train(data);
    console.printf("%nHeld-out metrics (%d samples, %.0f s training):%n%s",
        outcome.heldOutSamples(), outcome.seconds(), MetricsTable.format(outcome.heldOutMetrics()));
    if (outcome.calibration() != null) {
      console.println(ModelCard.calibrationLine(outcome.calibration()));
    }
    ModelInfo info = describe(config, source, version, data, outcome);
    ModelInfo written = SavedModelExporter.export(config.model(),
        Math.max(1, data.classNames().size()), outcome.weights(), info, out);
    ModelCard.write(out, written);
    Path metrics = out.resolve("assets.extra/metrics.json");
    Files.writeString(metrics, ModelInfo.toJson(outcome.heldOutMetrics()));
    console.printf("Exported %s (%,d parameters) to %s; metrics in %s%n", written.name(),
        written.parameters(), out, metrics);
    return written;
  }

  private static String optimizer(TrainingConfig config) {
    return (config.weightDecay() > 0
        ? "AdamW (decoupled weight decay " + config.weightDecay() + " on matrices and filters)"
        : "Adam") + ", beta 0.9/0.999, epsilon " + config.epsilon();
  }

  private static String schedule(TrainingConfig config) {
    String decay = config.cosine()
        ? "cosine per step from " + config.learningRate() + " to "
            + Math.min(config.minLearningRate(), config.learningRate())
        : "constant " + config.learningRate();
    return config.warmupEpochs() > 0
        ? "linear warm-up from " + config.warmupStartRate() + " over " + config.warmupEpochs()
            + " epoch(s), then " + decay
        : decay;
  }

  private static ModelInfo describe(TrainingConfig config, DataSource source, String version,
      Dataset data, Trainer.Outcome outcome) {
    boolean seg = config.model().segmentation();
    int size = config.model().inputSize();
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("data_description", source.description());
    training.put("format", source.format().cliName());
    training.put("train_samples", outcome.trainSamples());
    training.put("held_out_samples", outcome.heldOutSamples());
    training.put("split", String.format("seeded group-wise split, %.0f%% held out%s",
        config.heldOutFraction() * 100, seg ? "" : ", stratified by class"));
    training.put("held_out_fraction", config.heldOutFraction());
    training.put("trained", config.epochs() > 0);
    training.put("epochs", config.epochs());
    training.put("batch_size", config.batchSize());
    training.put("learning_rate", config.learningRate());
    training.put("optimizer", optimizer(config));
    training.put("schedule", schedule(config));
    training.put("cutmix_probability", config.cutMix());
    training.put("seed", config.seed());
    training.put("seconds", Math.round(outcome.seconds()));
    training.put("held_out_metrics", outcome.heldOutMetrics());
    Map<String, String> outputs = new LinkedHashMap<>();
    if (seg) {
      outputs.put(SavedModelExporter.MASK, "float32 [N, " + size + ", " + size
          + ", 1], foreground probability per pixel");
    } else {
      outputs.put(SavedModelExporter.PROBABILITIES, "float32 [N, " + data.classNames().size()
          + "], softmax over the labels");
      if (config.involutionLayers() > 0) {
        outputs.put(SavedModelExporter.INVOLUTION_KERNEL, "float32 [N, " + size + ", " + size
            + ", 1, 9], the first involution layer's generated kernels (optional)");
      }
    }
    return new ModelInfo(config.model().cliName(), version, seg ? "segment" : "classify",
        seg ? List.of("foreground") : data.classNames(),
        new ModelInfo.Input(size, size, 3, "float32", 0f, 1f),
        "Decode to 8-bit RGB (grey replicated, alpha dropped), bilinear resize to " + size + "x"
            + size + ", divide by 255.",
        outputs, config.involutionLayers(), outcome.parameterCount(),
        InvolutionLibrary.load().sha256(), null, training, outcome.calibration());
  }
}
