package org.screening.deploy.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * fabric8's mock Kubernetes API server (deploy/mock-api) in a child JVM, serving the objects of
 * a YAML file over HTTPS on loopback. It runs on Vert.x 4, which cannot share this JVM with the
 * gateway's Vert.x 5; closing its standard input ends it.
 */
final class MockKubernetesApi implements AutoCloseable {

  private static final Path DIR = Path.of(System.getProperty("mock.api.dir", "../mock-api/target"));

  private final Process process;
  private final String url;
  private final Path certificate;

  private MockKubernetesApi(Process process, String url, Path certificate) {
    this.process = process;
    this.url = url;
    this.certificate = certificate;
  }

  /** Serves the objects of {@code objectsYaml}; {@code dir} takes its certificate and log. */
  static MockKubernetesApi serving(Path objectsYaml, Path dir) throws IOException {
    Path certificate = dir.resolve("api-server.pem");
    Path log = dir.resolve("api-server.log");
    Process process = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", DIR.resolve("classes") + ":" + DIR.resolve("lib") + "/*",
        "org.screening.deploy.mockapi.MockApiServer", objectsYaml.toString(),
        certificate.toString())
        .redirectError(log.toFile())
        .start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    // The server prints its URL once the objects are in; a dead server ends the stream instead.
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("URL ")) {
        return new MockKubernetesApi(process, line.substring(4).replaceFirst("/$", ""),
            certificate);
      }
    }
    throw new IllegalStateException("the mock API server ended before it was ready:\n"
        + Files.readString(log));
  }

  /** https://localhost:PORT */
  String url() {
    return url;
  }

  /** The server's certificate (PEM), which is what a pod's ca.crt would be. */
  String certificatePem() throws IOException {
    return Files.readString(certificate);
  }

  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
