package org.screening.launcher.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One role of the packaged {@code screening.jar} in a JVM of its own, so that a test can SIGKILL it
 * as a crash would: no shutdown hook, nothing flushed or committed.
 */
public final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final List<String> lines = new ArrayList<>();

  private ChildJvm(Process process) {
    this.process = process;
    Thread reader = new Thread(this::read, "child-out");
    reader.setDaemon(true);
    reader.start();
  }

  /** {@code java -jar target/screening.jar ARGS} with {@code screening.home} set. */
  public static ChildJvm start(Path home, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-Dscreening.home=" + home, "-jar", Path.of("target/screening.jar").toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    return new ChildJvm(builder.start());
  }

  /** Waits until a line contains {@code text}; fails with the output after {@code timeout}. */
  public void awaitLine(String text, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (lines.stream().noneMatch(l -> l.contains(text))) {
        long left = end - System.nanoTime();
        if (left <= 0 || !process.isAlive()) {
          throw new AssertionError("no line containing '" + text + "' ("
              + (process.isAlive() ? "timed out" : "exited " + process.exitValue())
              + "); output:\n" + String.join("\n", lines));
        }
        lines.wait(Math.min(200, Math.max(1, left / 1_000_000)));
      }
    }
  }

  /** Everything it printed so far. */
  public String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  /** SIGKILL; returns once it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // The process is gone; what it printed is kept.
    }
  }
}
