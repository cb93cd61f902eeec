package org.screening.launcher.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench}: a parent for the benchmarks; each one is a subcommand. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks of the screening stack.",
    subcommands = {KernelBenchCommand.class, ModelBenchCommand.class, KafkaBenchCommand.class,
        PipelineBenchCommand.class, WorkerBenchCommand.class, LiveBenchCommand.class})
public final class BenchCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Name a benchmark, e.g. 'bench kernel'");
  }
}
