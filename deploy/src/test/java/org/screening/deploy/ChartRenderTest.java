package org.screening.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ChartRenderTest {

  @Test
  void chartPassesStrictLint() {
    LintResult lint = new Helm(Chart.DIR).lint().strict().call();
    assertFalse(lint.isFailed(), () -> String.join("\n", lint.getMessages()));
  }

  @Test
  void everyValuesFileRendersIntoItsOwnFolder() throws IOException {
    List<Path> files = Chart.valuesFiles();
    assertFalse(files.isEmpty(), "no values files in " + Chart.VALUES_DIR);
    for (Path values : files) {
      Path manifest = Chart.renderInto(values);
      assertTrue(Files.size(manifest) > 0, manifest + " is empty");
    }
  }

  @Test
  void gpuValuesRenderAGpuPoolAndAScaledObjectPerPool() {
    Set<String> kinds = new TreeSet<>();
    List<Manifests.Doc> docs = Manifests.parse(Chart.render(Chart.CHART_VALUES_DIR.resolve("gpu.yaml")));
    docs.forEach(d -> kinds.add(d.kind() + "/" + d.name()));
    assertTrue(kinds.contains("Deployment/screening-worker-gpu"), kinds::toString);
    assertTrue(kinds.contains("ScaledObject/screening-worker-gpu"), kinds::toString);
    assertTrue(kinds.contains("ScaledObject/screening-worker-cpu"), kinds::toString);
    String gpuPool = docs.stream().filter(d -> d.is("Deployment", "screening-worker-gpu"))
        .findFirst().orElseThrow().text();
    assertTrue(gpuPool.contains("nvidia.com/gpu: 1"), gpuPool);
  }
}
