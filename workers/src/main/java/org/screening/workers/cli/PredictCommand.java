package org.screening.workers.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.screening.workers.data.Images;
import org.screening.workers.export.ModelInfo;
import org.screening.workers.inference.Classifications;
import org.screening.workers.inference.LoadedModel;
import org.screening.workers.inference.ModelLoader;
import org.screening.workers.inference.Predictions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code screening predict}: runs an exported model on image files and prints one JSON line per
 * image. Also runnable with only the workers jar on the class path, to check that a SavedModel
 * loads in a fresh JVM.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Run an exported Med-IC SavedModel on images; one JSON line per image.")
public final class PredictCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "SavedModel folder")
  Path model;

  @Option(names = "--raw", description = "print every output value (probabilities, full mask, "
      + "kernel map) instead of a summary")
  boolean raw;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "PNG, JPEG or BMP files")
  List<Path> images;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PredictCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    try (LoadedModel loaded = ModelLoader.load(model)) {
      ModelInfo info = loaded.info();
      int h = info.input().height();
      int w = info.input().width();
      for (Path image : images) {
        Map<String, float[]> outputs =
            Predictions.run(loaded, Images.loadRgb(image, h, w), 1);
        System.out.println(ModelInfo.toJson(describe(info, image, outputs)));
      }
    }
    return 0;
  }

  private Map<String, Object> describe(ModelInfo info, Path image, Map<String, float[]> outputs) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("image", image.getFileName().toString());
    line.put("model", info.name() + ":" + info.version());
    if (raw) {
      line.put("outputs", outputs);
      return line;
    }
    float[] probabilities = outputs.get("probabilities");
    if (probabilities != null) {
      // The confidence the worker would publish: calibrated with the card's temperature.
      probabilities = Classifications.calibrated(probabilities, info.temperature());
      int best = Predictions.argMax(probabilities);
      line.put("label", info.labels().get(best));
      line.put("probability", probabilities[best]);
    }
    float[] mask = outputs.get("mask");
    if (mask != null) {
      long foreground = 0;
      for (float v : mask) {
        foreground += v >= 0.5f ? 1 : 0;
      }
      line.put("foreground_fraction", (double) foreground / mask.length);
    }
    return line;
  }
}
