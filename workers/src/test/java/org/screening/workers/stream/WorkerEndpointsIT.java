package org.screening.workers.stream;

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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.health.Promtool;
import org.screening.schemas.v1.Task;
import org.screening.workers.cli.WorkerCommand;
import org.screening.workers.config.WorkerConfig;

/**
 * {@code screening worker} as a process with the shipped models and a real broker: its
 * {@code /health/ready} and {@code /metrics} over HTTP, and the metrics dump checked by
 * Prometheus's own {@code promtool check metrics}.
 */
class WorkerEndpointsIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern PORT = Pattern.compile("health and metrics on port (\\d+)");
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void workerProcessAnswersReadyAndItsMetricsPassPromtool(@TempDir Path tmp) throws Exception {
    Promtool.provide(); // skips before the worker starts where promtool cannot be had
    TestKafka.Topics topics = TestKafka.topics(2);
    Map<String, Object> config = TestWorkers.classifier(topics, "endpoints");
    config.put(WorkerConfig.modelKey("cls", WorkerConfig.MODEL_DIR),
        ROOT.resolve("models/medic-cls/1"));
    config.put(WorkerConfig.modelKey("seg", WorkerConfig.MODEL_DIR),
        ROOT.resolve("models/medic-seg/1"));
    config.put(WorkerConfig.modelKey("seg", WorkerConfig.MODEL_MAX_BATCH_SIZE), 2);
    config.put(WorkerConfig.ROUTING_SEGMENT, "medic-seg");
    Path log = tmp.resolve("worker.log");
    Process process = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), WorkerCommand.class.getName(),
        "--config", Files.writeString(tmp.resolve("worker.json"), json(config)).toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      TestKafka.await("the worker's port in its log", () -> PORT.matcher(read(log)).find());
      Matcher port = PORT.matcher(read(log));
      assertTrue(port.find());
      URI base = URI.create("http://127.0.0.1:" + port.group(1));
      TestKafka.await("/health/ready answering 200", () -> status(base.resolve("/health/ready"))
          == 200);

      List<ProducerRecord<byte[], byte[]>> frames = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        frames.add(TestFrames.record(TestFrames.png("e" + i, "feed-" + i % 3, i, Task.CLASSIFY,
            Task.SEGMENT).build()));
      }
      TestKafka.produce(topics.frames(), frames);
      TestKafka.readUntil(topics.results(), read -> read.size() >= 12);
      TestKafka.await("lag measured on both partitions", () -> get(base.resolve("/metrics"))
          .body().lines().filter(l -> l.startsWith("screening_worker_consumer_lag{")
              && !l.endsWith("NaN")).count() == 2);

      HttpResponse<String> ready = get(base.resolve("/health/ready"));
      assertEquals(200, ready.statusCode(), ready.body());
      String metrics = get(base.resolve("/metrics")).body();
      for (String family : List.of("screening_inference_batch_size_bucket{",
          "screening_inference_exec_count_total{", "screening_inference_request_success_total{",
          "screening_worker_consumer_lag{", "screening_worker_decode_duration_seconds_bucket{",
          "screening_frame_latency_seconds_bucket{", "screening_model_info{",
          "jvm_memory_used_bytes{")) {
        assertTrue(metrics.contains(family), family + " in\n" + metrics);
      }
      Promtool.assertValidMetrics(Files.writeString(tmp.resolve("metrics.txt"), metrics));
    } finally {
      process.destroy();
      process.waitFor(60, TimeUnit.SECONDS);
    }
  }

  private HttpResponse<String> get(URI uri) {
    try {
      return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private int status(URI uri) {
    try {
      return get(uri).statusCode();
    } catch (IllegalStateException e) {
      return -1;
    }
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String json(Map<String, Object> config) {
    StringBuilder out = new StringBuilder("{");
    config.forEach((k, v) -> out.append(out.length() > 1 ? "," : "")
        .append('"').append(k).append("\":\"").append(v).append('"'));
    return out.append('}').toString();
  }
}
