package org.screening.workers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DataCommandTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = DataCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void prepareHelpNamesItsOptionsAndDefaults() {
    assertEquals(0, run("prepare", "--help"));
    assertTrue(out.toString().contains("--out=<out>") && out.toString().contains("data/prepared"),
        out.toString());
    assertTrue(out.toString().contains("data/cache"), out.toString());
  }

  @Test
  void emptyCacheRunsTheFetchScriptWithTheCacheAndStopsWhenItFails() throws IOException {
    Path marker = dir.resolve("called-with");
    Path script = Files.writeString(dir.resolve("fetch.sh"), "echo \"$1\" > '" + marker + "'\nexit 3\n");
    Path cache = dir.resolve("cache");

    int exit = run("prepare", "--cache", cache.toString(), "--out", dir.resolve("out").toString(),
        "--fetch-script", script.toString());

    assertNotEquals(0, exit);
    assertEquals(cache.toString(), Files.readString(marker).strip());
    assertTrue(err.toString().startsWith("data: ") && err.toString().contains("failed with exit status 3"),
        err.toString());
    assertTrue(Files.notExists(dir.resolve("out")));
  }

  @Test
  void missingSubcommandIsAUsageError() {
    assertEquals(2, run());
    assertTrue(err.toString().contains("name a subcommand: prepare"), err.toString());
  }
}
