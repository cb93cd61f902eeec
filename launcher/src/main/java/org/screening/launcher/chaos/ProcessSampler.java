package org.screening.launcher.chaos;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Samples every process of a run, each time: its heap after a full collection (asked for over
 * JMX, which the sampler reaches by attaching to the process by its id), its resident memory,
 * threads and open files (from {@code /proc}). A process that has ended or cannot be read is
 * reported, never skipped silently.
 */
final class ProcessSampler implements AutoCloseable {

  /** What is sampled, and how much rise over a soak still counts as bounded. */
  enum Measure {
    HEAP_MB(new Trend.Tolerance(8, 0.10)),
    RSS_MB(new Trend.Tolerance(32, 0.10)),
    THREADS(new Trend.Tolerance(5, 0.10)),
    OPEN_FILES(new Trend.Tolerance(10, 0.10));

    final Trend.Tolerance tolerance;

    Measure(Trend.Tolerance tolerance) {
      this.tolerance = tolerance;
    }

    String key() {
      return name().toLowerCase();
    }
  }

  private final Map<String, Map<Measure, List<Trend.Point>>> series = new LinkedHashMap<>();
  private final Map<String, JMXConnector> connections = new HashMap<>();
  private final List<String> problems = new ArrayList<>();

  /** One sample of each of {@code processes}, at {@code minutes} from the start. */
  void sample(List<ChildProcess> processes, double minutes) {
    for (ChildProcess process : processes) {
      Map<Measure, List<Trend.Point>> measures = series.computeIfAbsent(process.name(),
          n -> new EnumMap<>(Measure.class));
      try {
        Map<Measure, Double> values = read(process);
        values.forEach((measure, value) -> measures
            .computeIfAbsent(measure, m -> new ArrayList<>()).add(new Trend.Point(minutes, value)));
      } catch (IOException | RuntimeException e) {
        problems.add(process.name() + " could not be sampled at " + Math.round(minutes * 60)
            + " s: " + e);
      }
    }
  }

  /** Samples that failed (a process gone, an attach refused). */
  List<String> problems() {
    return List.copyOf(problems);
  }

  /** Samples taken of the process that was sampled most often. */
  int samples() {
    return series.values().stream().flatMap(m -> m.values().stream())
        .mapToInt(List::size).max().orElse(0);
  }

  /** Each process's trend of each measure. */
  Map<String, Map<Measure, Trend>> trends() {
    Map<String, Map<Measure, Trend>> trends = new LinkedHashMap<>();
    series.forEach((process, measures) -> {
      Map<Measure, Trend> byMeasure = new EnumMap<>(Measure.class);
      measures.forEach((measure, points) ->
          byMeasure.put(measure, Trend.of(points, measure.tolerance)));
      trends.put(process, byMeasure);
    });
    return trends;
  }

  private Map<Measure, Double> read(ChildProcess process) throws IOException {
    Map<Measure, Double> values = new EnumMap<>(Measure.class);
    MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(
        connection(process).getMBeanServerConnection(), ManagementFactory.MEMORY_MXBEAN_NAME,
        MemoryMXBean.class);
    memory.gc();
    values.put(Measure.HEAP_MB, memory.getHeapMemoryUsage().getUsed() / 1048576.0);
    Path proc = Path.of("/proc", String.valueOf(process.pid()));
    for (String line : Files.readAllLines(proc.resolve("status"))) {
      if (line.startsWith("VmRSS:")) {
        values.put(Measure.RSS_MB, Long.parseLong(line.replaceAll("\\D", "")) / 1024.0);
      } else if (line.startsWith("Threads:")) {
        values.put(Measure.THREADS, (double) Long.parseLong(line.replaceAll("\\D", "")));
      }
    }
    try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
      values.put(Measure.OPEN_FILES, (double) fds.count());
    }
    return values;
  }

  /** A JMX connection to {@code process}, made once: attach, start its local agent, connect. */
  private JMXConnector connection(ChildProcess process) throws IOException {
    JMXConnector open = connections.get(process.name());
    if (open != null) {
      return open;
    }
    try {
      VirtualMachine vm = VirtualMachine.attach(String.valueOf(process.pid()));
      String address;
      try {
        address = vm.startLocalManagementAgent();
      } finally {
        vm.detach();
      }
      JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
      connections.put(process.name(), connector);
      return connector;
    } catch (AttachNotSupportedException e) {
      throw new IOException("cannot attach to " + process.name(), e);
    }
  }

  @Override
  public void close() {
    for (JMXConnector connector : connections.values()) {
      try {
        connector.close();
      } catch (IOException e) {
        // The process may be gone already; nothing to release then.
      }
    }
  }
}
