package org.screening.launcher.bench.compute;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Keeps each bench run as {@code <command>-<timestamp>.json}, so later runs can be compared. */
public final class BenchResults {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private BenchResults() {}

  public static Path write(Path dir, String command, Object report) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(command + "-" + LocalDateTime.now().format(STAMP) + ".json");
    Files.writeString(file, ReportFormatter.json(report) + "\n", StandardCharsets.UTF_8);
    return file;
  }
}
