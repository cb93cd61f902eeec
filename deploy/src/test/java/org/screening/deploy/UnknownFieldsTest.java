package org.screening.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnknownFieldsTest {

  @Test
  void renderedObjectsHaveNoFieldUnknownToKubernetes() {
    List<String> found = new ArrayList<>();
    for (Path values : Chart.valuesFiles()) {
      for (Manifests.Doc doc : Manifests.parse(Chart.render(values))) {
        UnknownFields.in(doc.text()).forEach(f ->
            found.add(Chart.nameOf(values) + ": " + doc.kind() + "/" + doc.name() + ": " + f));
      }
    }
    assertEquals(List.of(), found);
  }

  @Test
  void misspeltFieldIsFound() {
    String deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: w}
        spec:
          replica: 2
          selector: {matchLabels: {a: b}}
          template:
            metadata: {labels: {a: b}}
            spec:
              containers:
                - name: w
                  image: w:1
                  startupprobe: {httpGet: {path: /, port: 1}}
        """;
    assertEquals(List.of("spec.replica", "spec.template.spec.containers[0].startupprobe"),
        UnknownFields.in(deployment).stream().sorted().toList());
  }
}
