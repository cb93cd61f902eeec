package org.screening.launcher;

import org.screening.gateway.cli.GatewayCommand;
import org.screening.launcher.bench.BenchCommand;
import org.screening.launcher.chaos.ChaosCommand;
import org.screening.launcher.demo.DemoCommand;
import org.screening.launcher.send.SendCommand;
import org.screening.summaries.cli.SummariesCommand;
import org.screening.workers.cli.CalibrateCommand;
import org.screening.workers.cli.DataCommand;
import org.screening.workers.cli.ModelsCommand;
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
        ModelsCommand.class,
        PredictCommand.class,
        BenchCommand.class,
        DataCommand.class,
        CommandLine.HelpCommand.class})
public final class Screening implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Screening()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
