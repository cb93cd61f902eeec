package org.screening.workers.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The human-readable page that travels with a model ({@code assets.extra/MODEL_CARD.md}): what
 * it was trained on, how it was split, how well it does on held-out data, and what it is not for.
 */
public final class ModelCard {

  public static final String FILE = "assets.extra/MODEL_CARD.md";

  private ModelCard() {}

  public static void write(Path modelDir, ModelInfo info) throws IOException {
    Map<String, Object> training = info.training();
    StringBuilder md = new StringBuilder();
    md.append("# Model card: ").append(info.name()).append(" ").append(info.version()).append("\n\n");
    md.append(info.involutionLayers() > 0
            ? "Med-IC " + info.task() + " model with " + info.involutionLayers()
                + " involution layer(s) (custom TensorFlow op) in front of the network; "
            : info.name() + " " + info.task() + " model; ")
        .append(String.format("%,d", info.parameters()))
        .append(" parameters, batch-norm moving statistics included.\n\n");
    if (!info.trained()) {
      md.append("**Never trained**: its weights are the initial random values. A worker serves "
          + "it only where its config allows untrained models (for benchmarks).\n\n");
    }
    md.append("## Input and output\n\n");
    md.append("- Input `image`: float32 [N, ").append(info.input().height()).append(", ")
        .append(info.input().width()).append(", 3], values in [0, 1]. ")
        .append(info.preprocessing()).append("\n");
    info.outputs().forEach((name, description) ->
        md.append("- Output `").append(name).append("`: ").append(description).append("\n"));
    if (info.labels() != null && !info.labels().isEmpty()) {
      md.append("- Labels: ").append(String.join(", ", info.labels())).append("\n");
    }
    md.append("\n## Training data\n\n").append(training.get("data_description")).append("\n\n");
    md.append("- Dataset: `").append(training.get("format")).append("` layout, ")
        .append(training.get("train_samples")).append(" training and ")
        .append(training.get("held_out_samples")).append(" held-out samples (")
        .append(training.get("split")).append(").\n");
    md.append("- Optimiser: ").append(training.getOrDefault("optimizer", "Adam"))
        .append(", learning rate ").append(training.getOrDefault("schedule",
            training.get("learning_rate")))
        .append(", batch ").append(training.get("batch_size")).append(", ")
        .append(training.get("epochs")).append(" epochs, seed ").append(training.get("seed"))
        .append(".\n\n");
    md.append("## Held-out metrics\n\n```\n")
        .append(MetricsTable.format(castMetrics(training.get("held_out_metrics"))))
        .append("```\n\n");
    if (info.calibration() != null) {
      md.append("## Calibration\n\n").append(calibrationLine(info.calibration()))
          .append(" Served probabilities are softmax(logits / T).\n\n");
    }
    if (info.explain() != null) {
      md.append("## Explanations\n\n");
      if (info.explain().featureMap() != null) {
        md.append("A frame that asks to explain gets a Grad-CAM heat map of the predicted class ")
            .append("on the feature map `").append(info.explain().featureMap())
            .append("`, the last convolution's output, as a PNG at the frame's size.\n\n");
      }
      if (info.explain().involutionKernel() != null) {
        md.append("A frame that asks to explain gets the energy of the kernels the first ")
            .append("involution layer generated at each pixel (`")
            .append(info.explain().involutionKernel())
            .append("`), as a PNG at the frame's size.\n\n");
      }
    }
    md.append("## Provenance\n\n- weights sha256: `").append(info.weightsSha256()).append("`\n")
        .append("- op library sha256: `").append(info.opLibrarySha256()).append("`\n\n");
    md.append("## Intended use and limits\n\n")
        .append("A demonstration and test model for the screening pipeline, trained on the small ")
        .append("public data described above. It is not a medical device and has not been ")
        .append("validated for diagnosis; its metrics hold only for data like its training data.\n");
    Path file = modelDir.resolve(FILE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, md);
  }

  /** One sentence on a fitted temperature and what it did to the calibration error. */
  public static String calibrationLine(ModelInfo.Calibration c) {
    return String.format(Locale.ROOT, "Temperature scaling on %d held-out samples: "
        + "T = %.4f; expected calibration error (%d bins) %.4f before, %.4f after.",
        c.heldoutSamples(), c.temperature(), c.bins(), c.eceBefore(), c.eceAfter());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMetrics(Object metrics) {
    return metrics instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
