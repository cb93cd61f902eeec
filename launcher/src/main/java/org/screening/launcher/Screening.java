package org.screening.launcher;

import org.screening.gateway.cli.GatewayCommand;
import org.screening.launcher.bench.KafkaBenchCommand;
import org.screening.launcher.chaos.ChaosCommand;
import org.screening.launcher.bench.PipelineBenchCommand;
import org.screening.launcher.demo.DemoCommand;
import org.screening.launcher.send.SendCommand;
import org.screening.summaries.cli.SummariesCommand;
import org.screening.workers.cli.BenchCommand;
import org.screening.workers.cli.CalibrateCommand;
import org.screening.workers.cli.DataCommand;
import org.screening.workers.cli.PredictCommand;
import org.screening.workers.cli.TrainCommand;
import org.screening.workers.cli.WorkerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code screening} command; {@code ./screening --help} lists what it can do. */
@Command(name = "screening", mixinStandardHelpOptions = true, version = "screening 0.1.0",
    description = "Streaming medical-image screening with involution models.",
    subcommands = {
        DemoCommand.class,
        SendCommand.class,
        SummariesCommand.class,
        ChaosCommand.class,
        BrokerCommand.class,
        GatewayCommand.class,
        WorkerCommand.class,
        TrainCommand.class,
        CalibrateCommand.class,
        PredictCommand.class,
        BenchCommand.class,
        DataCommand.class,
        CommandLine.HelpCommand.class})
public final class Screening implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    CommandLine screening = new CommandLine(new Screening());
    // The transport and pipeline benches need the broker and gateway, which the workers module
    // (home of 'bench') does not depend on.
    CommandLine bench = screening.getSubcommands().get("bench");
    bench.addSubcommand(new KafkaBenchCommand());
    bench.addSubcommand(new PipelineBenchCommand());
    System.exit(screening.execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
