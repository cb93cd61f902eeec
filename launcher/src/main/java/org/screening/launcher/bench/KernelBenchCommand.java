package org.screening.launcher.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.screening.launcher.bench.compute.KernelBench;
import org.screening.launcher.bench.compute.KernelBenchReport;
import org.screening.launcher.bench.compute.KernelShape;
import org.screening.launcher.bench.compute.ReportFormatter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench kernel}: the involution custom op against its standard-op composites. */
@Command(name = "kernel", mixinStandardHelpOptions = true,
    description = {
        "Times the Involution custom op against the standard-op composite, plain and with XLA, "
            + "forward and forward+backward, on identical inputs, side by side: speedups are "
            + "medians of per-round ratios.",
        "Relates the custom op's minimum memory traffic to a copy bandwidth measured in the same "
            + "run.",
        "Exits with 1 when the custom op and a composite disagree by more than "
            + KernelBench.TOLERANCE + "."})
public final class KernelBenchCommand implements Callable<Integer> {

  static final int EXIT_OUTPUTS_DISAGREE = 1;

  @Spec
  CommandSpec spec;

  @Mixin
  BenchReportOutput output;

  @Option(names = "--repeats", paramLabel = "N", defaultValue = "100",
      description = "Timed rounds per measurement, each one step of every variant in turn; "
          + "medians reported (default: ${DEFAULT-VALUE}); fewer when --budget-ms runs out first.")
  int repeats;

  @Option(names = "--budget-ms", paramLabel = "MS", defaultValue = "2000",
      description = "Time budget per variant of the timed rounds of one measurement (default: "
          + "${DEFAULT-VALUE}), plus a quarter of it for warm-up; at least 5 rounds are timed.")
  long budgetMillis;

  @Option(names = "--shape", paramLabel = "SPEC",
      description = "A shape to run instead of the standard four, e.g. '[8,128,128,16] K=3 G=4' "
          + "(optionally ' D=2'); repeatable.")
  List<String> shapes;

  @Option(names = "--copy-mib", paramLabel = "MIB", defaultValue = "256",
      description = "Size of each of the two arrays of the copy-bandwidth probe "
          + "(default: ${DEFAULT-VALUE}); keep it far above the last-level cache.")
  int copyMib;

  @Override
  public Integer call() throws IOException {
    KernelBench.Settings settings = settings();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    KernelBenchReport report = new KernelBench(settings, err).run();
    output.print(out, "kernel", ReportFormatter.table(report), report);
    List<String> failures = report.correctnessFailures(KernelBench.TOLERANCE);
    if (!failures.isEmpty()) {
      err.println("FAILED: the custom op disagrees with the composite by more than "
          + KernelBench.TOLERANCE + ": " + failures);
      err.flush();
      return EXIT_OUTPUTS_DISAGREE;
    }
    return 0;
  }

  private KernelBench.Settings settings() {
    try {
      List<KernelShape> parsed = shapes == null
          ? KernelShape.STANDARD
          : shapes.stream().map(KernelShape::parse).toList();
      return new KernelBench.Settings(parsed, repeats, budgetMillis, copyMib);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
