package org.screening.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code screening demo --frames N} as a user runs it: the packaged jar in its own JVM. */
class DemoIT {

  @Test
  void demoAnswersEveryFrameWithBothResultsAndEndsWithItsJsonSummary() throws Exception {
    Path home = Path.of(System.getProperty("screening.home", ".."));
    Process demo = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dscreening.home=" + home, "-jar", Path.of("target/screening.jar").toString(),
        "demo", "--frames", "60", "--rate", "30", "--port", "0"))
        .redirectErrorStream(true).start();
    String output = new String(demo.getInputStream().readAllBytes());
    assertEquals(0, demo.waitFor(), output);
    String[] lines = output.strip().split("\n");
    JsonNode summary = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertEquals(60, summary.get("frames").asInt(), output);
    assertEquals(60, summary.get("classified").asInt());
    assertEquals(60, summary.get("segmented").asInt());
    assertEquals(0, summary.get("lost").asInt());
    assertEquals(0, summary.get("dead_letters").asInt());
  }
}
