package org.screening.workers.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.screening.workers.data.DatasetFormat;
import org.screening.workers.model.ModelKind;
import org.screening.workers.training.TrainingConfig;
import org.screening.workers.training.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code screening train}: trains a Med-IC model and exports it as a SavedModel. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train Med-IC Cls or Seg on a dataset and export a SavedModel with its model "
        + "card.", "Defaults follow the paper: Cls Adam 1e-4, batch 16, 30 epochs; "
        + "Seg Adam 1e-5, batch 8, 100 epochs."})
public final class TrainCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "medic-cls or medic-seg")
  String model;

  @Option(names = "--data", required = true, description = "dataset folder")
  Path data;

  @Option(names = "--format", required = true,
      description = "imagefolder, ham10000, malaria, kvasir-seg, busi or medmnist-npz")
  String format;

  @Option(names = "--out", required = true, description = "new folder for the SavedModel")
  Path out;

  @Option(names = "--epochs", description = "default: the paper's")
  Integer epochs;

  @Option(names = "--involution-layers", defaultValue = "1",
      description = "0 = plain CNN/U-Net, 1 = Med-IC, 2-3 = Hybrid ablations (default ${DEFAULT-VALUE})")
  int involutionLayers;

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
    TrainingConfig config = TrainingConfig.paperDefaults(ModelKind.fromCliName(model))
        .withInvolutionLayers(involutionLayers);
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
