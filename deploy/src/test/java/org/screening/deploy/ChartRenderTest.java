package org.screening.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void cpuValuesRenderTheSummariesRoleWithItsBudgetPolicyMonitorAndAlerts() {
    List<Manifests.Doc> docs = Manifests.parse(Chart.render(Chart.CHART_VALUES_DIR.resolve("cpu.yaml")));
    Set<String> kinds = new TreeSet<>();
    docs.forEach(d -> kinds.add(d.kind() + "/" + d.name()));
    for (String object : List.of("Deployment/screening-summaries", "ConfigMap/screening-summaries",
        "ServiceAccount/screening-summaries", "PodDisruptionBudget/screening-summaries",
        "NetworkPolicy/screening-summaries", "PodMonitor/screening-summaries")) {
      assertTrue(kinds.contains(object), object + " in " + kinds);
    }
    String rules = docs.stream().filter(d -> d.kind().equals("PrometheusRule")).findFirst()
        .orElseThrow().text();
    assertTrue(rules.contains("alert: ScreeningSummariesUnready"), rules);
    assertTrue(rules.contains("alert: ScreeningSummariesLagGrowing"), rules);
  }

  @Test
  void summariesPodProbesItsHttpPortAndWritesOnlyToItsVolumes() {
    JsonNode pod = Manifests.parse(Chart.render(Chart.CHART_VALUES_DIR.resolve("cpu.yaml")))
        .stream().filter(d -> d.is("Deployment", "screening-summaries")).findFirst().orElseThrow()
        .tree().path("spec").path("template").path("spec");
    JsonNode container = pod.path("containers").get(0);
    assertEquals("8082", container.path("ports").get(0).path("containerPort").asText());
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      assertEquals("http", container.path(probe).path("httpGet").path("port").asText(), probe);
    }
    assertEquals("/health/startup", container.path("startupProbe").path("httpGet").path("path")
        .asText());
    assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());
    assertTrue(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean());
    Set<String> emptyDirs = new TreeSet<>();
    pod.path("volumes").forEach(v -> {
      if (v.has("emptyDir")) {
        emptyDirs.add(v.path("name").asText());
      }
    });
    assertEquals(Set.of("state", "tmp"), emptyDirs);
    assertTrue(container.path("args").toString().contains("\"/var/lib/screening/summaries\""),
        container.path("args").toString());
  }

  @Test
  void minimalValuesRenderNoSummariesObjects() {
    List<String> summaries = Manifests.parse(
            Chart.render(Chart.CHART_VALUES_DIR.resolve("minimal.yaml"))).stream()
        .filter(d -> d.name().contains("summaries") || d.text().contains("component: summaries"))
        .map(d -> d.kind() + "/" + d.name()).toList();
    assertEquals(List.of(), summaries);
  }

  /** As the worker gets them: the FileConfigProvider reading the mounted credentials Secret. */
  @Test
  void kafkaCredentialsReachTheSummariesClientsThroughTheMountedSecret(@TempDir Path tmp)
      throws IOException {
    Path values = Files.writeString(tmp.resolve("credentials.yaml"), """
        kafka:
          client: {security.protocol: SASL_SSL}
          credentials:
            enabled: true
            properties: "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required;"
        """);
    List<Manifests.Doc> docs = Manifests.parse(Chart.render(values));
    String properties = docs.stream().filter(d -> d.is("ConfigMap", "screening-summaries"))
        .findFirst().orElseThrow().tree().path("data").path("kafka.properties").asText();
    assertTrue(properties.contains("security.protocol=SASL_SSL"), properties);
    assertTrue(properties.contains("sasl.jaas.config=${file:/etc/screening/kafka/"
        + "kafka-client.properties:sasl.jaas.config}"), properties);
    String deployment = docs.stream().filter(d -> d.is("Deployment", "screening-summaries"))
        .findFirst().orElseThrow().text();
    assertTrue(deployment.contains("mountPath: /etc/screening/kafka"), deployment);
    assertTrue(deployment.contains("secretName: screening-kafka"), deployment);
  }
}
