package org.screening.deploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.screening.deploy.Chart;
import org.screening.deploy.Manifests;

/** The chart as Helm renders it for one of its values files, read the way a kubelet would. */
final class RenderedChart {

  private final List<Manifests.Doc> docs;

  private RenderedChart(List<Manifests.Doc> docs) {
    this.docs = docs;
  }

  /** {@code cpu} renders deploy/helm/values/cpu.yaml. */
  static RenderedChart of(String valuesName) {
    return new RenderedChart(Manifests.parse(
        Chart.render(Chart.CHART_VALUES_DIR.resolve(valuesName + ".yaml"))));
  }

  /** A file of a ConfigMap, as it appears in the pod where the map is mounted. */
  String configMapFile(String configMap, String file) {
    return doc("ConfigMap", configMap).tree().path("data").path(file).asText();
  }

  /** The first container of a Deployment's or StatefulSet's pod template. */
  JsonNode container(String kind, String name) {
    return doc(kind, name).tree().path("spec").path("template").path("spec").path("containers")
        .get(0);
  }

  /**
   * The container's environment as the kubelet sets it: literal values, and {@code fieldRef}s
   * resolved from {@code fields} ({@code metadata.name}, {@code status.podIP}).
   */
  static Map<String, String> environment(JsonNode container, Map<String, String> fields) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode var : container.path("env")) {
      String name = var.path("name").asText();
      if (var.has("value")) {
        env.put(name, var.path("value").asText());
      } else {
        String field = var.path("valueFrom").path("fieldRef").path("fieldPath").asText();
        String value = fields.get(field);
        if (value == null) {
          throw new IllegalArgumentException(name + " needs " + var + ", which this test lacks");
        }
        env.put(name, value);
      }
    }
    return env;
  }

  /** The container's arguments. */
  static List<String> args(JsonNode container) {
    return java.util.stream.StreamSupport.stream(container.path("args").spliterator(), false)
        .map(JsonNode::asText).toList();
  }

  private Manifests.Doc doc(String kind, String name) {
    return docs.stream().filter(d -> d.is(kind, name)).findFirst()
        .orElseThrow(() -> new IllegalStateException("the chart renders no " + kind + "/" + name));
  }
}
