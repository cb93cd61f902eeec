package org.screening.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PipelineBenchTest {

  private static final Path HOME = Path.of("..").toAbsolutePath().normalize();

  @Test
  void pipelineBenchReportsRatiosThatFollowFromItsOwnMeasurements(@TempDir Path results)
      throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new PipelineBenchCommand())
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute("--seconds", "1", "--in-flight", "8", "--json", "--home", HOME.toString(),
            "--results-dir", results.toString());
    assertEquals(0, exit, "exit code; stderr:\n" + err);

    String[] lines = out.toString().strip().split("\\R");
    JsonNode r = new ObjectMapper().readTree(lines[lines.length - 1]);
    double saturation = positive(r, "saturation_per_s");
    JsonNode bare = r.get("bare_at_worker_batch");
    assertEquals(r.get("worker_batch").asInt(), bare.get("batch").asInt());
    assertEquals(saturation / bare.get("images_per_s").asDouble(),
        positive(r, "e2e_vs_bare_ratio"), 1e-9);
    assertEquals(bare.get("images_per_s").asDouble()
        / r.get("bare_at_batch1").get("images_per_s").asDouble(), positive(r, "batching_gain"),
        1e-9);
    assertEquals(saturation / r.get("kafka").get("messages_per_s").asDouble(),
        positive(r, "e2e_vs_kafka_ratio"), 1e-9);
    assertEquals(bare.get("ms_per_batch").asDouble(), positive(r, "batch_compute_ms"));
    assertEquals(2.0, positive(r, "max_queue_delay_ms"), "the worker's default, 2000 us");
    double low = positive(r, "worker_cpu_outside_session_run_low");
    double high = positive(r, "worker_cpu_outside_session_run_high");
    assertTrue(low <= high && high < 1, "outside Session.run: " + low + " to " + high
        + ", and TensorFlow's threads did some of the work");
    positive(r, "heap_used_mb");
    positive(r, "rss_mb");

    assertEquals(3, r.get("levels").size());
    for (JsonNode level : r.get("levels")) {
      double load = level.get("fraction_of_saturation").asDouble();
      JsonNode latency = level.get("latency");
      assertTrue(positive(latency, "p50_ms") <= positive(latency, "p99_ms"), latency.toString());
      if (load == 0.7) {
        assertEquals(latency.get("p99_ms").asDouble(), positive(r, "p99_ms_at70pct"));
      }
      JsonNode stages = level.get("stages");
      assertTrue(positive(stages, "inference_ms") < latency.get("max_ms").asDouble(),
          "a frame's inference is part of its end-to-end time");
      assertTrue(stages.get("fan_out_ms").isNumber(), "the SSE client saw the results");
    }
  }

  private static double positive(JsonNode node, String field) {
    assertTrue(node.hasNonNull(field) && node.get(field).isNumber(), field + " in " + node);
    double value = node.get(field).asDouble();
    assertTrue(value > 0 && Double.isFinite(value), field + " = " + value);
    return value;
  }
}
