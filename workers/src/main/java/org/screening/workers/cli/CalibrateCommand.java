package org.screening.workers.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.screening.workers.data.DatasetFormat;
import org.screening.workers.export.ModelCard;
import org.screening.workers.export.ModelInfo;
import org.screening.workers.training.ExportedModelCalibration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code screening calibrate}: fits temperature scaling for an exported classifier on its
 * held-out split and rewrites its model card; {@code screening train} does the same for every
 * classifier it trains, so this is for models exported before cards held a temperature.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
    description = {"Fit temperature scaling for an exported classifier on its held-out split and "
        + "write the temperature and the expected calibration error before and after into its "
        + "model.json and MODEL_CARD.md.", "The split is rebuilt from the seed and held-out "
        + "fraction in the card, so --data must be the data the model was trained on."})
public final class CalibrateCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "SavedModel folder")
  Path model;

  @Option(names = "--data", required = true, description = "the dataset it was trained on")
  Path data;

  @Option(names = "--format",
      description = "imagefolder, ham10000, malaria, busi or medmnist-npz; default: the card's")
  String format;

  @Override
  public Integer call() throws Exception {
    ModelInfo info = ExportedModelCalibration.calibrate(model, data,
        format == null ? null : DatasetFormat.fromCliName(format));
    System.out.println(info.name() + ":" + info.version() + ": "
        + ModelCard.calibrationLine(info.calibration()));
    return 0;
  }
}
