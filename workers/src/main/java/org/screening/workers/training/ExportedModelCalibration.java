package org.screening.workers.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.screening.workers.data.Dataset;
import org.screening.workers.data.DatasetFormat;
import org.screening.workers.data.Sample;
import org.screening.workers.export.ModelCard;
import org.screening.workers.export.ModelInfo;
import org.screening.workers.inference.LoadedModel;
import org.screening.workers.inference.ModelLoader;

/**
 * Fits temperature scaling for a classifier that is already exported, on the held-out split it
 * was trained with, and rewrites its model.json and MODEL_CARD.md: calibrating needs only the
 * logits of the same images training would have used, not another training run. The split is
 * rebuilt from the seed and held-out fraction in the card, and refused when it does not come out
 * at the card's size, since fitting on training images would make the model look calibrated.
 */
public final class ExportedModelCalibration {

  private ExportedModelCalibration() {}

  /**
   * @param format the data's layout; null means the one the card says the model was trained on
   * @return the card as rewritten
   */
  public static ModelInfo calibrate(Path modelDir, Path dataDir, DatasetFormat format)
      throws IOException {
    ModelInfo info = ModelInfo.read(modelDir);
    Path card = modelDir.resolve(ModelInfo.FILE);
    if (!"classify".equals(info.task())) {
      throw new IllegalArgumentException(card + ": task '" + info.task()
          + "'; temperature scaling calibrates classifiers");
    }
    Map<String, Object> training = info.training();
    Number seed = number(training, "seed", card);
    Number fraction = number(training, "held_out_fraction", card);
    Number heldOutSamples = number(training, "held_out_samples", card);
    DatasetFormat layout = format != null ? format
        : DatasetFormat.fromCliName(String.valueOf(training.get("format")));
    Dataset data = layout.loader().load(dataDir, info.input().height(), info.input().width());
    if (!data.classNames().equals(info.labels())) {
      throw new IllegalArgumentException(dataDir + " has classes " + data.classNames()
          + " but the model's labels are " + info.labels());
    }
    Dataset heldOut = data.split(fraction.doubleValue(), seed.longValue()).heldOut();
    if (heldOut.size() != heldOutSamples.intValue()) {
      throw new IllegalArgumentException("The held-out split of " + dataDir + " has "
          + heldOut.size() + " samples, " + card + " says " + heldOutSamples
          + ": not the data the model was trained on");
    }
    float[][] logits;
    try (LoadedModel model = ModelLoader.load(modelDir)) {
      logits = ExportedLogits.of(model, heldOut.samples());
    }
    int[] labels = heldOut.samples().stream().mapToInt(Sample::label).toArray();
    ModelInfo calibrated = info.withCalibration(HeldOutCalibration.of(logits, labels));
    calibrated.write(modelDir);
    ModelCard.write(modelDir, calibrated);
    return calibrated;
  }

  private static Number number(Map<String, Object> training, String key, Path card) {
    if (training != null && training.get(key) instanceof Number n) {
      return n;
    }
    throw new IllegalArgumentException(card + " has no training." + key
        + ": its held-out split cannot be rebuilt");
  }
}
