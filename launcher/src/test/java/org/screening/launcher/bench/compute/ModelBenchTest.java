package org.screening.launcher.bench.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.launcher.bench.BenchCommand;
import picocli.CommandLine;

class ModelBenchTest {

  private static final Path CLS =
      Path.of("..").toAbsolutePath().normalize().resolve("models/medic-cls/1");

  @Test
  void modelBenchReportsConsistentThroughputAndGainAndKeepsTheReport(@TempDir Path results)
      throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new BenchCommand())
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute("model", "--model-dir", CLS.toString(), "--batch", "1", "--batch", "4",
            "--repeats", "5", "--budget-ms", "100", "--json", "--results-dir", results.toString());
    assertEquals(0, exit, "exit code; stderr:\n" + err);

    String[] lines = out.toString().strip().split("\\R");
    String last = lines[lines.length - 1];
    JsonNode report = new ObjectMapper().readTree(last);
    assertEquals("medic-cls", report.get("model").asText());
    assertEquals(2, report.get("batches").size());

    double best = 0;
    int bestBatch = 0;
    double one = 0;
    for (JsonNode row : report.get("batches")) {
      int batch = row.get("batch").asInt();
      double imagesPerS = positive(row, "images_per_s");
      double ms = positive(row, "ms_per_batch");
      assertEquals(batch * 1000 / ms, imagesPerS, 1e-9 * imagesPerS, "images/s of batch " + batch);
      if (imagesPerS > best) {
        best = imagesPerS;
        bestBatch = batch;
      }
      one = batch == 1 ? imagesPerS : one;
    }
    assertEquals(bestBatch, report.get("best_batch").asInt());
    assertEquals(best / one, positive(report, "batching_gain"), 1e-9);
    assertEquals(Runtime.getRuntime().availableProcessors(),
        report.get("machine").get("cores").asInt());

    File[] kept = results.toFile().listFiles((d, name) -> name.matches("model-.*\\.json"));
    assertEquals(1, kept.length);
    assertEquals(last, Files.readString(kept[0].toPath()).strip());
  }

  @Test
  void aSeriesWithoutBatchOneIsRefusedBecauseTheGainNeedsIt() {
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new BenchCommand())
        .setErr(new PrintWriter(err))
        .execute("model", "--model-dir", CLS.toString(), "--batch", "2", "--repeats", "1",
            "--budget-ms", "0");
    assertTrue(exit != 0 && err.toString().contains("batch size 1"), err.toString());
  }

  private static double positive(JsonNode node, String field) {
    assertTrue(node.hasNonNull(field) && node.get(field).isNumber(), field + " in " + node);
    double value = node.get(field).asDouble();
    assertTrue(value > 0 && Double.isFinite(value), field + " = " + value);
    return value;
  }
}
