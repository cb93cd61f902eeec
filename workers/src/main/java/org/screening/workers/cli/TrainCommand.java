package org.screening.workers.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.screening.workers.data.DatasetFormat;
import org.screening.workers.model.ModelKind;
import org.screening.workers.training.TrainingConfig;
import org.screening.workers.training.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code screening train}: trains a model of any family and exports it as a SavedModel. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train a model on a dataset and export a SavedModel with its model card.",
        "Defaults follow each paper (MODELS.md for the zoo): medic-cls Adam 1e-4, batch 16, "
            + "30 epochs; medic-seg Adam 1e-5, batch 8, 100 epochs; medspectralnet Adam 1e-3 "
            + "cosine to 1e-5, batch 64, CutMix p 0.5, 200 epochs; hybrid and hybrid-seg Adam "
            + "1e-3, batch 32, 50 epochs; hemf AdamW 1e-4 (wd 0.01), 1 warm-up epoch from "
            + "1e-7, cosine to 1e-6, batch 32, 150 epochs."})
public final class TrainCommand implements Callable<Integer> {

  @Option(names = "--model", required = true,
      description = "medic-cls, medic-seg, medspectralnet, hybrid, hybrid-seg or hemf")
  String model;

  @Option(names = "--input", description = "input size of a zoo family: medspectralnet and "
      + "hybrid 28 or 224, hemf 32, 64 or 224 (default: the smallest)")
  Integer input;

  @Option(names = "--data", required = true, description = "dataset folder")
  Path data;

  @Option(names = "--format", required = true,
      description = "imagefolder, ham10000, malaria, kvasir-seg, busi or medmnist-npz")
  String format;

  @Option(names = "--out", required = true, description = "new folder for the SavedModel")
  Path out;

  @Option(names = "--epochs",
      description = "default: the paper's; 0 exports the initial weights, marked untrained")
  Integer epochs;

  @Option(names = "--involution-layers",
      description = "Med-IC only: 0 = plain CNN/U-Net, 1 = Med-IC (default), 2-3 = ablations")
  Integer involutionLayers;

  @Option(names = "--cutmix", description = "probability a batch is CutMix-ed (classifiers; "
      + "default: the paper's)")
  Float cutMix;

  @Option(names = "--seed", description = "seeds weights, split, shuffling, dropout and CutMix "
      + "(default 42)")
  Long seed;

  @Option(names = "--batch-size", description = "default: the paper's")
  Integer batchSize;

  @Option(names = "--learning-rate", description = "default: the paper's")
  Float learningRate;

  @Option(names = "--version", defaultValue = "1", description = "model version (default ${DEFAULT-VALUE})")
  String version;

  @Option(names = "--data-description", defaultValue = "",
      description = "what the data is, for the model card")
  String dataDescription;

  @Override
  public Integer call() throws Exception {
    TrainingConfig config = TrainingConfig.paperDefaults(ModelKind.of(model, input));
    if (involutionLayers != null) {
      config = config.withInvolutionLayers(involutionLayers);
    }
    if (cutMix != null) {
      config = config.withCutMix(cutMix);
    }
    if (seed != null) {
      config = config.withSeed(seed);
    }
    if (epochs != null) {
      config = config.withEpochs(epochs);
    }
    if (batchSize != null) {
      config = config.withBatchSize(batchSize);
    }
    if (learningRate != null) {
      config = config.withLearningRate(learningRate);
    }
    String description = dataDescription.isBlank()
        ? format + " dataset at " + data.getFileName() : dataDescription;
    TrainingRun.run(config,
        new TrainingRun.DataSource(data, DatasetFormat.fromCliName(format), description),
        version, out, System.out, System.console() != null);
    return 0;
  }
}
