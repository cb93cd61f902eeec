package org.screening.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The documents of a rendered chart, split on Helm's {@code ---} separators. */
public final class Manifests {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** One rendered object: its kind, name, tree and the YAML it came from. */
  public record Doc(String kind, String name, JsonNode tree, String text) {
    public boolean is(String kind, String name) {
      return this.kind.equals(kind) && this.name.equals(name);
    }
  }

  private Manifests() {}

  public static List<Doc> parse(String rendered) {
    List<Doc> docs = new ArrayList<>();
    for (String text : rendered.split("(?m)^---\\s*$")) {
      try {
        JsonNode tree = YAML.readTree(text);
        if (tree == null || tree.isMissingNode() || tree.isNull() || !tree.has("kind")) {
          continue;
        }
        docs.add(new Doc(tree.path("kind").asText(), tree.path("metadata").path("name").asText(),
            tree, text));
      } catch (IOException e) {
        throw new UncheckedIOException("not YAML:\n" + text, e);
      }
    }
    return docs;
  }
}
