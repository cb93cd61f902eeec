package org.screening.launcher.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench live}: a LIVE endoscopy feed at a fixed frame rate, segmentation, end to end. */
@Command(name = "live", mixinStandardHelpOptions = true,
    description = {
        "A LIVE feed of raw frames at a fixed rate asking for Med-IC segmentation (medic-seg), "
            + "through the embedded broker, a worker and a gateway node on this machine, to an "
            + "SSE client: frames sent, answered, reported dropped and missing; send to SSE event "
            + "p50, p99 and max of answered frames, and where the time went (to_worker, queue, "
            + "decode, compute, publish, delivery)."})
public final class LiveBenchCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--fps", paramLabel = "N", defaultValue = "30",
      description = "Frames per second (default: ${DEFAULT-VALUE}).")
  double fps;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "30",
      description = "Length of the feed (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--side", paramLabel = "PX", defaultValue = "256",
      description = "Width and height of the frames (default: ${DEFAULT-VALUE}).")
  int side;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "4",
      description = "Partitions of the frames and results topics (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Mixin
  BenchReportOutput output;

  @Option(names = "--home", defaultValue = "${sys:screening.home:-.}", hidden = true)
  Path home;

  @Override
  public Integer call() throws Exception {
    if (!(fps > 0) || !(seconds > 0) || side < 1 || partitions < 1) {
      throw new ParameterException(spec.commandLine(),
          "Need --fps > 0, --seconds > 0, --side >= 1 and --partitions >= 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    LiveReport report = new LiveBench(
        new LiveBench.Settings(home, fps, seconds, side, partitions), spec.commandLine().getErr())
        .run();
    output.print(out, "live", report.table(), report);
    return 0;
  }
}
