package org.screening.deploy.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Daemonless buildah on a private store (vfs, under a test's folder), so tests neither need
 * root's store nor leave images behind.
 */
final class Buildah {

  static final String PATH = "/usr/bin/buildah";

  private final Path store;

  Buildah(Path store) {
    this.store = store;
  }

  /** A working container from a Docker-format archive; its name. */
  String fromArchive(Path archive) throws IOException, InterruptedException {
    String[] lines = run("from", "docker-archive:" + archive).strip().split("\n");
    return lines[lines.length - 1];
  }

  /**
   * Runs the container's own entry point with its output to {@code log}; buildah run needs the
   * command spelt out.
   */
  Process startEntryPoint(String container, Path log) throws IOException, InterruptedException {
    List<String> run = new ArrayList<>(List.of("run", "--isolation", "chroot", container, "--"));
    run.addAll(List.of(run("inspect", "--type", "container", "--format",
        "{{range .OCIv1.Config.Entrypoint}}{{println .}}{{end}}", container).strip().split("\n")));
    return new ProcessBuilder(command(run.toArray(String[]::new)))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Runs one buildah command to its end; its output, or an exception that carries it. */
  String run(String... args) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command(args)).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException("buildah " + String.join(" ", args) + ": " + out);
    }
    return out;
  }

  private List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of(PATH, "--storage-driver", "vfs",
        "--root", store.resolve("storage").toString(),
        "--runroot", store.resolve("run").toString()));
    command.addAll(List.of(args));
    return command;
  }
}
