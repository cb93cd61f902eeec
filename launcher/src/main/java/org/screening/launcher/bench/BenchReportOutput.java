package org.screening.launcher.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.screening.launcher.bench.compute.BenchResults;
import org.screening.launcher.bench.compute.ReportFormatter;
import picocli.CommandLine.Option;

/**
 * What every bench does with a report, as a picocli mixin: print its table, keep it as JSON under
 * {@code bench/results/}, and with {@code --json} end with it as one JSON line.
 */
public final class BenchReportOutput {

  @Option(names = "--json", description = "Print the report as one JSON object, the last line.")
  boolean json;

  @Option(names = "--results-dir", paramLabel = "DIR",
      defaultValue = "${sys:screening.home:-.}/bench/results",
      description = "Where the JSON report is kept as <bench>-<timestamp>.json "
          + "(default: ${DEFAULT-VALUE}).")
  Path resultsDir;

  /** Prints {@code table}, keeps {@code report} as {@code <bench>-<timestamp>.json}. */
  public void print(PrintWriter out, String bench, String table, Object report)
      throws IOException {
    out.print(table);
    out.println("Kept in " + BenchResults.write(resultsDir, bench, report));
    if (json) {
      out.println(ReportFormatter.json(report));
    }
    out.flush();
  }
}
