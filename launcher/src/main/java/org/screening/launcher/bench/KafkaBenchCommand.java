package org.screening.launcher.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.screening.launcher.demo.DemoImages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench kafka}: the transport alone, the ceiling every pipeline figure is read against. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
    description = {
        "Moves frame-sized messages (the demo's PNG frames, and a 128x128x3 raw frame) through "
            + "an embedded KRaft broker with a plain producer and consumer, no inference.",
        "Reports messages/s and MB/s end to end flat out, then p50/p99 produce-to-consume "
            + "latency paced at half that rate."})
public final class KafkaBenchCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "5",
      description = "Length of each phase, per payload (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "4",
      description = "Partitions of each bench topic, as the demo's frames topic "
          + "(default: ${DEFAULT-VALUE}).")
  int partitions;

  @Mixin
  BenchReportOutput output;

  @Option(names = "--home", defaultValue = "${sys:screening.home:-.}", hidden = true)
  Path home;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<TransportPayload> payloads = List.of(
        TransportPayload.demoPng(DemoImages.feed(home, System.err)), TransportPayload.raw128());
    KafkaBenchReport report = new KafkaBench(partitions, seconds).run(payloads);
    output.print(out, "kafka", report.table(), report);
    return 0;
  }
}
