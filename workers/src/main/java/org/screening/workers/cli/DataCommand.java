package org.screening.workers.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.screening.workers.data.prepare.DataPreparation;
import org.screening.workers.data.prepare.DataPreparation.PreparedSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Build-time data: fetch the Debian packages the project learns from and turn them into datasets. */
@Command(name = "data", mixinStandardHelpOptions = true,
    description = "Build-time data for the shipped models and the demo (see data/README.md).",
    subcommands = DataCommand.Prepare.class)
public final class DataCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a subcommand: prepare");
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command with failures reported as one line (file and problem), not as a stack trace. */
  static CommandLine commandLine() {
    return new CommandLine(new DataCommand()).setExecutionExceptionHandler((e, cli, parsed) -> {
      cli.getErr().println("data: " + e.getMessage());
      return cli.getCommandSpec().exitCodeOnExecutionException();
    });
  }

  @Command(name = "prepare", mixinStandardHelpOptions = true,
      description = "Fetches the pinned Debian packages if the cache lacks them (data/fetch.sh, sha256-checked), "
          + "then writes brain-seg/ and ct-bone-seg/ (Kvasir-SEG layout, 128x128) and plane/ "
          + "(imagefolder layout: axial, coronal, sagittal; 64x64) under the output folder.")
  static final class Prepare implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "${sys:screening.home:-.}/data/prepared", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--cache", defaultValue = "${sys:screening.home:-.}/data/cache", description = "Package cache (default: ${DEFAULT-VALUE}).")
    Path cache;

    @Option(names = "--fetch-script", defaultValue = "${sys:screening.home:-.}/data/fetch.sh",
        description = "Script that fills the cache (default: ${DEFAULT-VALUE}).")
    Path fetchScript;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
      if (!DataPreparation.missingInputs(cache).isEmpty()) {
        fetch();
      }
      List<Path> missing = DataPreparation.missingInputs(cache);
      if (!missing.isEmpty()) {
        throw new IOException("still missing after fetching: " + missing);
      }
      long start = System.nanoTime();
      List<PreparedSet> sets = DataPreparation.prepare(cache, out);
      for (PreparedSet set : sets) {
        spec.commandLine().getOut().printf("%-12s %4d images %dx%d in %s%n", set.name(), set.total(),
            set.imageSize(), set.imageSize(), set.folder());
        for (Map.Entry<String, Integer> count : set.counts().entrySet()) {
          spec.commandLine().getOut().printf("  %-14s %4d%n", count.getKey(), count.getValue());
        }
      }
      spec.commandLine().getOut().printf("prepared in %.1f s%n", (System.nanoTime() - start) / 1e9);
      return 0;
    }

    private void fetch() throws IOException, InterruptedException {
      if (!Files.isRegularFile(fetchScript)) {
        throw new IOException(fetchScript + ": fetch script not found (run from the repository root or pass --fetch-script)");
      }
      Process process = new ProcessBuilder("bash", fetchScript.toString(), cache.toString()).inheritIO().start();
      int exit = process.waitFor();
      if (exit != 0) {
        throw new IOException(fetchScript + " failed with exit status " + exit);
      }
    }
  }
}
