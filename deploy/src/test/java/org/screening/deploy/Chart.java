package org.screening.deploy;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The chart under deploy/helm/screening and its values files, rendered by the real Helm (helm-java
 * bundles it) as {@code helm template} would for a cluster of {@link #KUBE_VERSION}.
 */
public final class Chart {

  /** The oldest Kubernetes the chart declares (Chart.yaml kubeVersion) is what it is rendered for. */
  public static final String KUBE_VERSION = "1.30.0";
  public static final String RELEASE = "screening";
  public static final String NAMESPACE = "screening";

  public static final Path DIR = Path.of(System.getProperty("chart.dir", "helm/screening"));
  /** The chart's own values files (cpu, gpu, minimal). */
  public static final Path CHART_VALUES_DIR =
      Path.of(System.getProperty("chart.values.dir", "helm/values"));
  /** The values files to render and check: the chart's own unless deploy/check is given others. */
  public static final Path VALUES_DIR =
      Path.of(System.getProperty("values.dir", CHART_VALUES_DIR.toString()));
  public static final Path RENDERED_DIR =
      Path.of(System.getProperty("rendered.dir", "target/rendered"));

  private Chart() {}

  /** The values files to render, sorted by name. */
  public static List<Path> valuesFiles() {
    try (Stream<Path> files = Files.list(VALUES_DIR)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code cpu} for {@code cpu.yaml}. */
  public static String nameOf(Path valuesFile) {
    return valuesFile.getFileName().toString().replaceFirst("\\.yaml$", "");
  }

  /** The manifests {@code valuesFile} renders to; Helm's error (schema, template fail) otherwise. */
  public static String render(Path valuesFile) {
    return new Helm(DIR).template()
        .withName(RELEASE)
        .withNamespace(NAMESPACE)
        .withKubeVersion(KUBE_VERSION)
        .withValuesFile(valuesFile)
        .call();
  }

  /** Renders {@code valuesFile} into rendered/NAME/manifest.yaml and returns that file. */
  public static Path renderInto(Path valuesFile) throws IOException {
    Path out = RENDERED_DIR.resolve(nameOf(valuesFile));
    Files.createDirectories(out);
    Path manifest = out.resolve("manifest.yaml");
    Files.writeString(manifest, render(valuesFile));
    return manifest;
  }
}
