package org.screening.launcher.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the worker bench's processes run: with {@code taskset} and two cores or more, the worker
 * and the bare session on CPU 0 and this process (broker, load, result reader) on CPU 1, so that
 * neither side's work is charged to the other; without, everything unpinned, and the report says
 * so.
 */
record Pinning(String description, List<String> workerPrefix) {

  private static final String BENCH_CPU = "1";
  private static final String WORKER_CPU = "0";

  Pinning {
    workerPrefix = List.copyOf(workerPrefix);
  }

  /** Moves every thread of this process to the bench's CPU, where it can. */
  static Pinning apply(PrintWriter log) throws InterruptedException {
    if (Runtime.getRuntime().availableProcessors() < 2) {
      return unpinned("unpinned: fewer than two cores", log);
    }
    try {
      Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", BENCH_CPU,
          String.valueOf(ProcessHandle.current().pid())).redirectErrorStream(true).start();
      String output = new String(taskset.getInputStream().readAllBytes()).trim();
      if (taskset.waitFor() != 0) {
        return unpinned("unpinned: taskset failed (" + output + ")", log);
      }
    } catch (IOException e) {
      return unpinned("unpinned: taskset is not available", log);
    }
    return new Pinning("pinned: worker and bare session on CPU " + WORKER_CPU
        + ", broker, load and result reader on CPU " + BENCH_CPU + " (taskset)",
        List.of("taskset", "-c", WORKER_CPU));
  }

  private static Pinning unpinned(String why, PrintWriter log) {
    log.println("Worker bench runs " + why);
    log.flush();
    return new Pinning(why, List.of());
  }

  /** {@code command} run on the worker's core. */
  List<String> worker(List<String> command) {
    List<String> pinned = new ArrayList<>(workerPrefix);
    pinned.addAll(command);
    return pinned;
  }
}
