package org.screening.deploy.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A container of the chart run as a process on this machine: the image's entry point (java, the
 * role's main class) with the container's arguments and environment. The JVM reads
 * JAVA_TOOL_OPTIONS from that environment, as it does in the image.
 */
final class PodProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private PodProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static PodProcess start(String mainClass, List<String> jvmFlags, List<String> args,
      Map<String, String> env, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.add("-cp");
    // Surefire runs tests from a manifest-only jar; this is the real class path.
    command.add(System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path")));
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new PodProcess(builder.start(), log);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** SIGTERM, as the kubelet stops a container, then waits for the drain. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
