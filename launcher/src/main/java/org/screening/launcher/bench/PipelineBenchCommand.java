package org.screening.launcher.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.screening.launcher.demo.DemoImages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench pipeline}: the whole path against the bare session and the transport. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = {
        "Runs the demo's slices through producer, embedded Kafka, worker, results topic, gateway "
            + "and an SSE client: "
            + "saturated throughput (closed loop) against the bare session at the worker's batch "
            + "size and the transport alone, measured in the same run;",
        "then Poisson arrivals at 50%%, 70%% and 90%% of saturation: end-to-end percentiles and the "
            + "median split into queue, decode, inference, produce and fan-out."})
public final class PipelineBenchCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--model", paramLabel = "NAME", defaultValue = "medic-cls",
      description = "medic-cls or medic-seg (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
      description = "Length of each phase (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--in-flight", paramLabel = "N", defaultValue = "32",
      description = "Frames kept in the pipeline at saturation (default: ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "4",
      description = "Partitions of the frames and results topics (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Mixin
  BenchReportOutput output;

  @Option(names = "--home", defaultValue = "${sys:screening.home:-.}", hidden = true)
  Path home;

  @Override
  public Integer call() throws Exception {
    if (!model.equals("medic-cls") && !model.equals("medic-seg")) {
      throw new ParameterException(spec.commandLine(), "--model is medic-cls or medic-seg");
    }
    if (!(seconds > 0) || inFlight < 1 || partitions < 1) {
      throw new ParameterException(spec.commandLine(),
          "Need --seconds > 0, --in-flight >= 1 and --partitions >= 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PipelineReport report = new PipelineBench(
        new PipelineBench.Settings(home, model, seconds, inFlight, partitions), err)
        .run(DemoImages.feed(home, System.err));
    output.print(out, "pipeline", report.table(), report);
    return 0;
  }
}
