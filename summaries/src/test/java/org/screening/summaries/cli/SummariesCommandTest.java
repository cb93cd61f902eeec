package org.screening.summaries.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.broker.EmbeddedKafka;
import org.screening.broker.SaslSslListener;
import org.screening.broker.SelfSignedCertificate;
import org.screening.health.Promtool;
import org.screening.schemas.Topics;

/**
 * {@code SummariesCommand} as a process of its own (its {@code main}, as the image runs it)
 * against a real broker: its probes over HTTP, and its metrics dump checked by Prometheus's own
 * {@code promtool check metrics}.
 */
class SummariesCommandTest {

  private static final Pattern PORT = Pattern.compile("health and metrics on port (\\d+)");
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void summariesProcessAnswersReadyAndItsStreamsMetricsPassPromtool(@TempDir Path tmp)
      throws Exception {
    Promtool.provide(); // skips before the role starts where promtool cannot be had
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      createTopics(kafka);
      Path log = tmp.resolve("summaries.log");
      Process process = start(log, "--bootstrap-servers", kafka.bootstrapServers(),
          "--state-dir", tmp.resolve("state").toString(), "--http-port", "0");
      try {
        URI base = URI.create("http://127.0.0.1:" + await(log, process));
        awaitStatus(base.resolve("/health/ready"), 200, log);
        assertEquals(200, status(base.resolve("/health/startup")));
        assertEquals(200, status(base.resolve("/health/live")));

        String metrics = get(base.resolve("/metrics")).body();
        for (String family : List.of("kafka_stream_thread_process_total{",
            "kafka_consumer_connections{", "kafka_consumer_fetch_manager_records_lag_max{",
            "jvm_memory_used_bytes{")) {
          assertTrue(metrics.contains(family), family + " in\n" + metrics);
        }
        Promtool.assertValidMetrics(Files.writeString(tmp.resolve("metrics.txt"), metrics));
      } finally {
        stop(process);
      }
    }
  }

  /**
   * The chart's Kafka settings: a properties file whose SASL line Kafka's FileConfigProvider
   * reads from the mounted credentials file, on a broker that refuses anything else.
   */
  @Test
  void summariesReachASaslBrokerWithCredentialsReadThroughTheKafkaConfig(@TempDir Path tmp)
      throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create(tmp.resolve("tls"));
    try (EmbeddedKafka kafka = EmbeddedKafka.startWithSaslSsl(
        new SaslSslListener(certificate, Map.of("summaries", "s3cret")))) {
      createTopics(kafka);
      Path credentials = Files.writeString(tmp.resolve("kafka-client.properties"),
          "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
              + "username=\"summaries\" password=\"s3cret\";\n");
      Path kafkaConfig = Files.writeString(tmp.resolve("kafka.properties"), String.join("\n",
          "security.protocol=SASL_SSL",
          "sasl.mechanism=PLAIN",
          "ssl.truststore.type=PEM",
          "ssl.truststore.location=" + certificate.certificatePem(),
          "config.providers=file",
          "config.providers.file.class="
              + "org.apache.kafka.common.config.provider.FileConfigProvider",
          "sasl.jaas.config=${file:" + credentials + ":sasl.jaas.config}"));
      Path log = tmp.resolve("summaries.log");
      Process process = start(log, "--bootstrap-servers", kafka.saslSslBootstrapServers(),
          "--kafka-config", kafkaConfig.toString(),
          "--state-dir", tmp.resolve("state").toString(), "--http-port", "0");
      try {
        awaitStatus(URI.create("http://127.0.0.1:" + await(log, process) + "/health/ready"), 200,
            log);
      } finally {
        stop(process);
      }
    }
  }

  private static void createTopics(EmbeddedKafka kafka) {
    kafka.createTopics(List.of(new NewTopic(Topics.FRAMES, 2, (short) 1),
        new NewTopic(Topics.RESULTS, 2, (short) 1),
        new NewTopic(Topics.SUMMARIES, 2, (short) 1)));
  }

  /** {@code SummariesCommand}'s main in a JVM of its own, its output in {@code log}. */
  private static Process start(Path log, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SummariesCommand.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    process.waitFor(60, TimeUnit.SECONDS);
  }

  /** The port the process says it serves on (it was asked for any free one). */
  private static String await(Path log, Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && process.isAlive()) {
      Matcher port = PORT.matcher(Files.exists(log) ? Files.readString(log) : "");
      if (port.find()) {
        return port.group(1);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no port in the log:\n" + Files.readString(log));
  }

  private void awaitStatus(URI uri, int expected, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (status(uri) == expected) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(uri + " never answered " + expected + "; the log:\n"
        + Files.readString(log));
  }

  private HttpResponse<String> get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private int status(URI uri) throws Exception {
    return get(uri).statusCode();
  }
}
