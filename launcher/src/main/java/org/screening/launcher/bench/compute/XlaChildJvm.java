package org.screening.launcher.bench.compute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.screening.workers.involution.InvolutionLibrary;

/**
 * Both ends of the XLA child JVM. The parent starts the same java binary on the same class path
 * with the XLA CPU flag in its environment and the settings as one JSON argument; the child
 * ({@link #main}) measures every variant on every shape, logs progress on stderr and prints
 * its results as one JSON line, the last on stdout.
 */
public final class XlaChildJvm {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<VariantResult>> RESULTS = new TypeReference<>() {};
  private static final int EXIT_NO_XLA_FLAG = 3;

  private XlaChildJvm() {}

  /** Internal entry point: {@code XlaChildJvm <settings as JSON>}; not meant for people. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("Usage: XlaChildJvm <settings JSON> (started by 'bench kernel')");
      System.exit(2);
    }
    if (!XlaJit.enabledInThisJvm()) {
      System.err.println("XlaChildJvm needs " + XlaJit.ENV + "=" + XlaJit.CPU_FLAG);
      System.exit(EXIT_NO_XLA_FLAG);
    }
    KernelBench.Settings settings = JSON.readValue(args[0], KernelBench.Settings.class);
    PrintWriter log = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    List<VariantResult> results = KernelBench.measure(settings, log);
    System.out.println(JSON.writeValueAsString(results));
    System.out.flush();
    // TensorFlow's thread pools are not daemons; without exit the child would outlive its work.
    System.exit(0);
  }

  /** Runs the child and returns its results; fails (never skips XLA) if the child does. */
  static List<VariantResult> run(KernelBench.Settings settings) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    String cacheDir = System.getProperty(InvolutionLibrary.CACHE_DIR_PROPERTY);
    if (cacheDir != null) {
      command.add("-D" + InvolutionLibrary.CACHE_DIR_PROPERTY + "=" + cacheDir);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        XlaChildJvm.class.getName(), toJson(settings)));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    Map<String, String> environment = builder.environment();
    XlaJit.enableIn(environment);
    environment.put("TF_CPP_MIN_LOG_LEVEL", "1");
    try {
      Process child = builder.start();
      child.getOutputStream().close();
      String stdout = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = child.waitFor();
      if (exit != 0) {
        throw new IllegalStateException(
            "The XLA child JVM exited with " + exit + " (its stderr is above): " + command);
      }
      return JSON.readValue(lastLine(stdout), RESULTS);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run or read the XLA child JVM: " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the XLA child JVM", e);
    }
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static String toJson(KernelBench.Settings settings) {
    try {
      return JSON.writeValueAsString(settings);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write bench settings as JSON", e);
    }
  }

  private static String lastLine(String stdout) {
    String[] lines = stdout.strip().split("\\R");
    String last = lines[lines.length - 1];
    if (last.isBlank()) {
      throw new IllegalStateException("The XLA child JVM printed no results");
    }
    return last;
  }
}
