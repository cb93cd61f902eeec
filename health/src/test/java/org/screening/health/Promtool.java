package org.screening.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's promtool, fetched by data/fetch.sh (sha256-pinned) into the data cache, for the roles'
 * tests that check a real {@code /metrics} dump. Tests run in their module's folder, one level
 * under the project's.
 */
public final class Promtool {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path CACHE = ROOT.resolve("data/cache");
  private static final Path BINARY = CACHE.resolve("prometheus/usr/bin/promtool");

  private Promtool() {}

  /** The binary, fetched first if needed; the test is skipped where it cannot be fetched. */
  public static Path provide() throws Exception {
    if (!Files.isExecutable(BINARY)) {
      Process fetch = new ProcessBuilder("bash", ROOT.resolve("data/fetch.sh").toString(),
          CACHE.toString(), ROOT.resolve("data/TOOLS.SHA256SUMS").toString())
          .redirectErrorStream(true).start();
      String output = new String(fetch.getInputStream().readAllBytes());
      fetch.waitFor(300, TimeUnit.SECONDS);
      Assumptions.assumeTrue(Files.isExecutable(BINARY), "promtool could not be provided "
          + "(data/fetch.sh data/cache data/TOOLS.SHA256SUMS needs apt and Debian's archive): "
          + output);
    }
    return BINARY;
  }

  /** Fails with promtool's findings unless {@code dump} passes {@code promtool check metrics}. */
  public static void assertValidMetrics(Path dump) throws Exception {
    Process check = new ProcessBuilder(provide().toString(), "check", "metrics")
        .redirectInput(dump.toFile()).redirectErrorStream(true).start();
    String findings = new String(check.getInputStream().readAllBytes());
    assertTrue(check.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, check.exitValue(), "promtool check metrics:\n" + findings);
  }
}
