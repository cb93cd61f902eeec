package org.screening.workers.export;

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
    Map<String, Object> training) {

  public static final String FILE = "assets.extra/model.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Input tensor contract: float32 [N, height, width, channels], values in [min, max]. */
  public record Input(int height, int width, int channels, String dtype, float min, float max) {}

  public ModelInfo withWeightsSha256(String sha) {
    return new ModelInfo(name, version, task, labels, input, preprocessing, outputs,
        involutionLayers, parameters, opLibrarySha256, sha, training);
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
    return JSON.readValue(file.toFile(), ModelInfo.class);
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
