package org.screening.workers.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.workers.cli.DataCommand;
import org.screening.workers.data.Dataset;
import org.screening.workers.data.DatasetFormat;
import org.screening.workers.data.Images;
import org.screening.workers.data.Sample;
import org.screening.workers.data.Task;
import org.screening.workers.export.ModelInfo;
import org.screening.workers.training.ClassificationMetrics;
import org.screening.workers.training.ExportedLogits;
import org.screening.workers.training.HeldOutCalibration;
import org.screening.workers.training.SegmentationMetrics;
import picocli.CommandLine;

/**
 * The models the repository ships, checked after {@code package}: each loads in a fresh JVM with
 * only the workers jar on the class path, and each still reaches, on its held-out data rebuilt
 * from the Debian packages, the figure its model card claims.
 */
class ShippedModelsIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path CLS = ROOT.resolve("models/medic-cls/1");
  private static final Path SEG = ROOT.resolve("models/medic-seg/1");
  /** Grey level in [0, 1] above which a pixel is foreground (head) rather than air. */
  private static final float FOREGROUND_GREY = 0.1f;

  @Test
  void bothShippedModelsLoadInAFreshJvmWithOnlyTheWorkersJar(@TempDir Path tmp) throws Exception {
    Path image = tmp.resolve("ramp.png");
    BufferedImage ramp = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 96; y++) {
      for (int x = 0; x < 96; x++) {
        int v = (x + y) * 255 / 190;
        ramp.setRGB(x, y, (v << 16) | (v << 8) | v);
      }
    }
    ImageIO.write(ramp, "png", image.toFile());
    Path jar = Path.of("target/screening-workers.jar").toAbsolutePath();
    for (Path model : List.of(CLS, SEG)) {
      ProcessBuilder pb = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", jar.toString(),
          "org.screening.workers.cli.PredictCommand", "--model", model.toString(),
          image.toString()).redirectErrorStream(true);
      pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
      Process process = pb.start();
      String output = new String(process.getInputStream().readAllBytes());
      assertEquals(0, process.waitFor(), output);
      String line = output.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
      JsonNode json = new ObjectMapper().readTree(line);
      ModelInfo info = ModelInfo.read(model);
      assertEquals(info.name() + ":" + info.version(), json.get("model").asText());
      if (json.has("label")) {
        assertTrue(info.labels().contains(json.get("label").asText()), line);
      } else {
        double fraction = json.get("foreground_fraction").asDouble();
        assertTrue(fraction >= 0 && fraction <= 1, line);
      }
    }
  }

  @Test
  void shippedSegmentationModelReachesItsCardsDiceOnHeldOutSlices() throws Exception {
    Map<String, Object> metrics = evaluate(SEG, "brain-seg", DatasetFormat.KVASIR_SEG);
    double dice = (double) metrics.get("dice");
    assertTrue(dice >= 0.85, "held-out Dice " + metrics);
    assertEquals(claimed(SEG, "dice"), dice, 0.01, "the model card's Dice");
  }

  @Test
  void shippedClassifierReachesItsCardsAccuracyOnHeldOutSlices() throws Exception {
    Map<String, Object> metrics = evaluate(CLS, "plane", DatasetFormat.IMAGEFOLDER);
    assertEquals(claimed(CLS, "accuracy"), (double) metrics.get("accuracy"), 0.02,
        "the model card's accuracy; measured " + metrics);
  }

  @Test
  void shippedClassifiersCardTemperatureIsTheFitOnItsHeldOutSlices() throws Exception {
    ModelInfo.Calibration claimed = ModelInfo.read(CLS).calibration();
    Dataset heldOut = heldOut(CLS, "plane", DatasetFormat.IMAGEFOLDER);
    ModelInfo.Calibration refit;
    try (LoadedModel loaded = ModelLoader.load(CLS)) {
      refit = HeldOutCalibration.of(ExportedLogits.of(loaded, heldOut.samples()),
          heldOut.samples().stream().mapToInt(Sample::label).toArray());
    }
    assertEquals(claimed.temperature(), refit.temperature(), 1e-3, "the card's " + claimed);
    assertEquals(claimed.eceBefore(), refit.eceBefore(), 1e-3, "the card's " + claimed);
    assertEquals(claimed.eceAfter(), refit.eceAfter(), 1e-3, "the card's " + claimed);
  }

  /**
   * Grad-CAM of the shipped classifier on its held-out slices looks at the head, not the air
   * around it. Foreground is a pixel of the model's 28x28 input brighter than
   * {@link #FOREGROUND_GREY} (the mean of its three channels, in [0, 1]): air is near 0 in both
   * the MRI and the CT slices. Each heat map is resized to 28x28 as the worker resizes it to a
   * frame and scaled to its maximum; the figure is the mean over slices of the mean heat on the
   * foreground and on the background, slices with no pixel of either left out.
   */
  @Test
  void shippedClassifiersHeatMapIsBrighterOnTheHeadThanOnTheAir() throws Exception {
    Dataset heldOut = heldOut(CLS, "plane", DatasetFormat.IMAGEFOLDER);
    double foreground = 0;
    double background = 0;
    int slices = 0;
    try (LoadedModel loaded = ModelLoader.load(CLS)) {
      GradCam gradCam = loaded.gradCam();
      int side = loaded.info().input().height();
      for (Sample sample : heldOut.samples()) {
        float[] heat = Images.resizeBilinear(Predictions.run(loaded, sample.pixels(), 1,
                ResultFactory.EXPLAINED_OUTPUTS).get(GradCam.OUTPUT),
            gradCam.height(), gradCam.width(), 1, side, side);
        double max = 0;
        for (float v : heat) {
          max = Math.max(max, v);
        }
        double[] sum = new double[2];
        int[] count = new int[2];
        for (int i = 0; i < heat.length; i++) {
          float[] p = sample.pixels();
          int inside = (p[3 * i] + p[3 * i + 1] + p[3 * i + 2]) / 3 > FOREGROUND_GREY ? 1 : 0;
          sum[inside] += max > 0 ? heat[i] / max : 0;
          count[inside]++;
        }
        if (count[0] > 0 && count[1] > 0) {
          background += sum[0] / count[0];
          foreground += sum[1] / count[1];
          slices++;
        }
      }
    }
    foreground /= slices;
    background /= slices;
    System.out.printf("Grad-CAM of %s on %d held-out slices: mean heat %.3f on the foreground,"
        + " %.3f on the background%n", CLS, slices, foreground, background);
    assertTrue(slices >= heldOut.samples().size() / 2, slices + " slices with both");
    assertTrue(foreground > background, "foreground " + foreground + ", background "
        + background);
  }

  private static double claimed(Path model, String metric) throws Exception {
    Map<?, ?> heldOut = (Map<?, ?>) ModelInfo.read(model).training().get("held_out_metrics");
    return ((Number) heldOut.get(metric)).doubleValue();
  }

  /** Scores the held-out part of the model's training split. */
  private static Map<String, Object> evaluate(Path model, String set, DatasetFormat format)
      throws Exception {
    Dataset heldOut = heldOut(model, set, format);
    try (LoadedModel loaded = ModelLoader.load(model)) {
      ClassificationMetrics classification = new ClassificationMetrics(heldOut.classNames());
      SegmentationMetrics segmentation = new SegmentationMetrics();
      for (Sample sample : heldOut.samples()) {
        Map<String, float[]> out = Predictions.run(loaded, sample.pixels(), 1);
        if (sample.mask() != null) {
          segmentation.add(sample.mask(), out.get("mask"));
        } else {
          classification.add(sample.label(), Predictions.argMax(out.get("probabilities")));
        }
      }
      return heldOut.task() == Task.SEGMENT
          ? segmentation.report() : classification.report();
    }
  }

  /** Rebuilds the training split from the model's recorded seed; its held-out part. */
  private static Dataset heldOut(Path model, String set, DatasetFormat format) throws Exception {
    Path prepared = ROOT.resolve("data/prepared");
    if (!Files.isDirectory(prepared.resolve(set))) {
      int exit = new CommandLine(new DataCommand()).execute("prepare",
          "--out", prepared.toString(), "--cache", ROOT.resolve("data/cache").toString(),
          "--fetch-script", ROOT.resolve("data/fetch.sh").toString());
      assertEquals(0, exit, "data prepare");
    }
    ModelInfo info = ModelInfo.read(model);
    Map<String, Object> training = info.training();
    Dataset data = format.loader().load(prepared.resolve(set), info.input().height(),
        info.input().width());
    return data.split(((Number) training.get("held_out_fraction")).doubleValue(),
        ((Number) training.get("seed")).longValue()).heldOut();
  }
}
