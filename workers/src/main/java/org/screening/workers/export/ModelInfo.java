package org.screening.workers.export;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The asset that travels with every exported model ({@code assets.extra/model.json}): what the
 * model expects, what it returns, and what it is made of, so a worker can preprocess frames and
 * every result can name the exact model, weights and op library that produced it.
 *
 * @param training how and on what it was trained, and its held-out metrics
 * @param calibration the temperature serving divides the logits by, or null (a classifier
 *     exported before calibration existed, or a segmenter): then serving uses T = 1
 * @param explain where in the graph Grad-CAM and the involution kernel map look, or null (a
 *     model exported before explanations existed): then it gives neither
 */
public record ModelInfo(
    String name,
    String version,
    String task,
    List<String> labels,
    Input input,
    String preprocessing,
    Map<String, String> outputs,
    @JsonProperty("involution_layers") int involutionLayers,
    long parameters,
    @JsonProperty("op_library_sha256") String opLibrarySha256,
    @JsonProperty("weights_sha256") String weightsSha256,
    Map<String, Object> training,
    @JsonInclude(JsonInclude.Include.NON_NULL) Calibration calibration,
    @JsonInclude(JsonInclude.Include.NON_NULL) Explain explain) {

  public static final String FILE = "assets.extra/model.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Input tensor contract: float32 [N, height, width, channels], values in [min, max]. */
  public record Input(int height, int width, int channels, String dtype, float min, float max) {}

  /**
   * Temperature scaling fitted on the held-out split: the single T > 0 minimising its negative
   * log-likelihood, with the expected calibration error before (T = 1) and after, so a reader of
   * the card sees how far off the raw confidences were and what the fit bought.
   *
   * @param eceBefore ECE of softmax(logits) on the held-out split
   * @param eceAfter ECE of softmax(logits / T) on the same split (the one T was fitted on, so an
   *     in-sample figure)
   * @param bins equal-width confidence bins of both ECEs
   */
  public record Calibration(
      double temperature,
      @JsonProperty("ece_before") double eceBefore,
      @JsonProperty("ece_after") double eceAfter,
      @JsonProperty("heldout_samples") int heldoutSamples,
      int bins) {}

  /**
   * Where in the graph the explanations look; either may be null (absent from the card).
   *
   * @param featureMap a classifier's operation whose first output is the last convolutional
   *     feature map, float32 [N, h, w, channels], that the class score is differentiated against;
   *     the worker adds the Grad-CAM ops to the loaded graph (see {@code inference.GradCam})
   * @param involutionKernel the operation whose first output is the first involution layer's
   *     generated kernels, float32 [N, h, w, groups, taps]; the worker draws their energy (see
   *     {@code inference.KernelMap})
   */
  public record Explain(
      @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("feature_map") String featureMap,
      @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("involution_kernel")
      String involutionKernel) {}

  /** A card without explanations, as every card was before they existed. */
  public ModelInfo(String name, String version, String task, List<String> labels, Input input,
      String preprocessing, Map<String, String> outputs, int involutionLayers, long parameters,
      String opLibrarySha256, String weightsSha256, Map<String, Object> training,
      Calibration calibration) {
    this(name, version, task, labels, input, preprocessing, outputs, involutionLayers, parameters,
        opLibrarySha256, weightsSha256, training, calibration, null);
  }

  public ModelInfo withWeightsSha256(String sha) {
    return new ModelInfo(name, version, task, labels, input, preprocessing, outputs,
        involutionLayers, parameters, opLibrarySha256, sha, training, calibration, explain);
  }

  public ModelInfo withCalibration(Calibration fitted) {
    return new ModelInfo(name, version, task, labels, input, preprocessing, outputs,
        involutionLayers, parameters, opLibrarySha256, weightsSha256, training, fitted, explain);
  }

  public ModelInfo withExplain(Explain where) {
    return new ModelInfo(name, version, task, labels, input, preprocessing, outputs,
        involutionLayers, parameters, opLibrarySha256, weightsSha256, training, calibration, where);
  }

  /**
   * False where the card says training ran no step ({@code training.trained: false}, written by
   * {@code screening train --epochs 0}): such weights are their random initial values. Cards
   * without the flag predate it and came from training runs.
   */
  @JsonIgnore
  public boolean trained() {
    return training == null || !Boolean.FALSE.equals(training.get("trained"));
  }

  /** What serving divides the logits by: the card's fitted temperature, 1 without one. */
  @JsonIgnore
  public double temperature() {
    return calibration == null ? 1 : calibration.temperature();
  }

  public void write(Path modelDir) throws IOException {
    Path file = modelDir.resolve(FILE);
    Files.createDirectories(file.getParent());
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
  }

  public static ModelInfo read(Path modelDir) throws IOException {
    Path file = modelDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException(modelDir + " has no " + FILE + ": not a model exported by screening");
    }
    ModelInfo info = JSON.readValue(file.toFile(), ModelInfo.class);
    // Dividing logits by zero, a negative or a non-finite number gives no probabilities, or
    // inverted ones: refuse the card when it is loaded, not on the first frame.
    double t = info.temperature();
    if (!(Double.isFinite(t) && t > 0)) {
      throw new IOException(file + ": calibration.temperature must be a finite number > 0, got "
          + t);
    }
    return info;
  }

  /** One-line JSON, for results and metrics. */
  public static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write JSON", e);
    }
  }
}
