package org.screening.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code screening demo --slide} and {@code --video} as a user runs them: the packaged jar. */
class CaseDemoIT {

  @ParameterizedTest
  @CsvSource({"--slide, summary slide:", "--video, summary procedure:"})
  void theCaseDemoPrintsItsSummaryAndExitsZero(String flag, String summaryLine) throws Exception {
    Path home = Path.of(System.getProperty("screening.home", ".."));
    Process demo = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dscreening.home=" + home, "-jar", Path.of("target/screening.jar").toString(),
        "demo", flag))
        .redirectErrorStream(true).start();
    String output = new String(demo.getInputStream().readAllBytes());
    assertEquals(0, demo.waitFor(), output);
    assertTrue(output.lines().filter(l -> l.startsWith(summaryLine)).count() == 1, output);
    assertTrue(output.contains("demo: the summary accounts for every frame sent"), output);
  }
}
