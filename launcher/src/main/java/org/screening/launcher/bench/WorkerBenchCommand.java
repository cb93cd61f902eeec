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

/** {@code bench worker}: what the worker adds to the bare session, on a core of its own. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = {
        "The worker as a child process pinned to CPU 0 (taskset), the bare session on the same "
            + "core, broker and load on CPU 1: drained frames/s of a pre-loaded backlog of raw "
            + "frames at the model's input size and of the demo's PNG slices, over bare-session "
            + "images/s at the worker's batch (worker_efficiency_raw, worker_efficiency_png);",
        "then Poisson load at 50%%, 70%% and 90%% of the drained rate: the worker-added latency "
            + "from the results' timings next to one Kafka hop measured in the same run."})
public final class WorkerBenchCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--model", paramLabel = "NAME", defaultValue = "medic-cls",
      description = "medic-cls or medic-seg (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "5",
      description = "Length of each load round; a backlog is this many seconds of the bare "
          + "session (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
      description = "Rounds of each drain and load level (default: ${DEFAULT-VALUE}).")
  int rounds;

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
    if (!(seconds > 0) || rounds < 1 || partitions < 1) {
      throw new ParameterException(spec.commandLine(),
          "Need --seconds > 0, --rounds >= 1 and --partitions >= 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    WorkerBenchReport report = new WorkerBench(
        new WorkerBench.Settings(home, model, seconds, rounds, partitions), err)
        .run(DemoImages.feed(home, System.err));
    output.print(out, "worker", report.table(), report);
    return 0;
  }
}
