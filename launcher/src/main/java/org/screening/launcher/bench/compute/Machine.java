package org.screening.launcher.bench.compute;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.tensorflow.TensorFlow;

/** What a bench ran on, written next to its numbers so that runs can be compared later. */
public record Machine(int cores, String cpu, String jvm, String tensorflow) {

  public static Machine current() {
    return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
        TensorFlow.version());
  }

  static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
