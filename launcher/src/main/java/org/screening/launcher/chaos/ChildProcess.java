package org.screening.launcher.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One role (broker, gateway node, worker) running as a child JVM of the chaos run. Its output
 * goes to a log file in the run's folder and is kept in memory, so the run can wait for a ready
 * line and read status lines. {@link #kill()} is SIGKILL: no shutdown hook, nothing drained.
 */
public final class ChildProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;
  private final List<String> lines = new ArrayList<>();

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    Thread reader = new Thread(this::read, "chaos-out-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  public static ChildProcess start(String name, List<String> command, Map<String, String> env,
      Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    return new ChildProcess(name, builder.start(), log);
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** The exit status once it has ended (137 after SIGKILL), or -1 while it runs. */
  int exitStatus() {
    return process.isAlive() ? -1 : process.exitValue();
  }

  /** The first line, since start, that matches {@code pattern}; fails after {@code timeout}. */
  public Matcher awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
    return awaitLine(pattern, timeout, 0);
  }

  /** How many lines it has printed so far: a mark for {@link #awaitLine(Pattern, Duration, int)}. */
  int lineCount() {
    synchronized (lines) {
      return lines.size();
    }
  }

  /**
   * The first line after the first {@code from} lines that matches {@code pattern}; fails after
   * {@code timeout}.
   */
  Matcher awaitLine(Pattern pattern, Duration timeout, int from) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      synchronized (lines) {
        for (; from < lines.size(); from++) {
          Matcher m = pattern.matcher(lines.get(from));
          if (m.find()) {
            return m;
          }
        }
        long wait = deadline - System.nanoTime();
        if (wait <= 0 || (!process.isAlive() && from == lines.size())) {
          throw new IllegalStateException(name + " printed no line matching '" + pattern + "' ("
              + (process.isAlive() ? "timed out" : "exited with " + process.exitValue())
              + "); its output is in " + log);
        }
        lines.wait(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(wait))));
      }
    }
  }

  /** The most recent line matching {@code pattern}, or null. */
  Matcher lastLine(Pattern pattern) {
    synchronized (lines) {
      for (int i = lines.size() - 1; i >= 0; i--) {
        Matcher m = pattern.matcher(lines.get(i));
        if (m.find()) {
          return m;
        }
      }
    }
    return null;
  }

  boolean printed(String text) {
    synchronized (lines) {
      return lines.stream().anyMatch(l -> l.contains(text));
    }
  }

  /** SIGKILL, as a crash or the OOM killer would end it; returns once it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /**
   * Sends {@code signal} ({@code STOP}, {@code CONT}) with {@code kill}: SIGSTOP freezes the
   * process as a long GC pause or a hung host would, sockets open and nothing answering.
   */
  public void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
        .redirectErrorStream(true).start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + signal + " " + name + " exited with " + kill.exitValue());
    }
  }

  /** SIGTERM: its shutdown hook drains and leaves; SIGKILL if it takes longer than {@code grace}. */
  void stop(Duration grace) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8),
            true)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.println(line);
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // The process ended; what it printed is in the log.
    }
    synchronized (lines) {
      lines.notifyAll();
    }
  }
}
