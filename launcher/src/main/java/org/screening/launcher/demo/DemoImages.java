package org.screening.launcher.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.screening.workers.cli.DataCommand;
import picocli.CommandLine;

/** The demo's images, prepared from Debian packages on first use; the demo and benches share them. */
public final class DemoImages {

  private DemoImages() {}

  /** The feed under {@code home}/data/prepared, preparing it first when it is missing. */
  public static DemoFeed feed(Path home, PrintStream out) throws IOException {
    Path prepared = home.resolve("data/prepared");
    if (!Files.isDirectory(prepared.resolve("brain-seg"))
        || !Files.isDirectory(prepared.resolve("plane"))) {
      out.println("preparing the demo images from Debian packages (once)...");
      int exit = new CommandLine(new DataCommand()).execute("prepare");
      if (exit != 0) {
        throw new IOException("'screening data prepare' failed with exit code " + exit);
      }
    }
    return DemoFeed.load(prepared);
  }
}
