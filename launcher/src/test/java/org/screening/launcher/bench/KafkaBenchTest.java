package org.screening.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KafkaBenchTest {

  private static final Path HOME = Path.of("..").toAbsolutePath().normalize();

  @Test
  void kafkaBenchMovesBothPayloadsAndReportsConsistentRatesAndLatencies(@TempDir Path results)
      throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new KafkaBenchCommand())
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute("--seconds", "0.5", "--partitions", "2", "--json", "--home", HOME.toString(),
            "--results-dir", results.toString());
    assertEquals(0, exit, "exit code; stderr:\n" + err);

    String[] lines = out.toString().strip().split("\\R");
    JsonNode report = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertEquals(2, report.get("partitions").asInt());
    List<String> names = List.of("png", "raw128");
    assertEquals(names.size(), report.get("payloads").size());
    for (int i = 0; i < names.size(); i++) {
      JsonNode row = report.get("payloads").get(i);
      assertEquals(names.get(i), row.get("payload").asText());
      double bytes = positive(row, "mean_message_bytes");
      double rate = positive(row, "messages_per_s");
      // Every payload's messages are the same size only for raw128; the PNG slices vary.
      assertEquals(rate * bytes / 1e6, positive(row, "mb_per_s"),
          names.get(i).equals("raw128") ? 1e-6 : 0.5 * rate * bytes / 1e6);
      assertEquals(rate / 2, positive(row, "paced_rate_per_s"), 1e-9 * rate);
      JsonNode latency = row.get("latency");
      double p50 = positive(latency, "p50_ms");
      double p99 = positive(latency, "p99_ms");
      assertTrue(p50 <= p99 && p99 <= positive(latency, "max_ms"), latency.toString());
    }
    assertTrue(report.get("payloads").get(1).get("mean_message_bytes").asInt() > 128 * 128 * 3,
        "the raw frame carries its 49,152 pixel bytes");
  }

  private static double positive(JsonNode node, String field) {
    assertTrue(node.hasNonNull(field) && node.get(field).isNumber(), field + " in " + node);
    double value = node.get(field).asDouble();
    assertTrue(value > 0 && Double.isFinite(value), field + " = " + value);
    return value;
  }
}
