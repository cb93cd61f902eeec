package org.screening.launcher.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.screening.workers.inference.TensorFlowThreads;

/**
 * Where the worker's CPU went while the pipeline ran in this process, from the kernel's per-thread
 * counters ({@code /proc/self/task/<tid>/stat}): TensorFlow's own threads (named
 * {@value TensorFlowThreads#NAME}, see {@link TensorFlowThreads}) are the time inside
 * {@code Session.run}; the worker's decode threads are time outside it. Two kinds of thread
 * cannot be placed by name, so the share outside {@code Session.run} is a range: the inference
 * threads, which build the batch tensors but also run small graphs' kernels themselves inside
 * {@code Session.run}; and the Vert.x event loops, Kafka consumer and producer I/O threads, which
 * serve the gateway and the load generator as well as the worker. The low end counts inference
 * threads as inside and shared threads not at all; the high end counts both as the worker's time
 * outside. JIT and GC threads are left out. A thread that ends between two snapshots takes its
 * ticks with it; the pools counted here live as long as the worker. Ticks cancel in the ratios,
 * so their length does not matter.
 *
 * @param tensorflowTicks CPU ticks of TensorFlow's threads
 * @param decodeTicks CPU ticks of the worker's decode threads
 * @param inferenceTicks CPU ticks of the worker's inference threads (the callers of Session.run)
 * @param sharedTicks CPU ticks of threads the worker shares with the gateway and the benches
 */
public record WorkerCpu(long tensorflowTicks, long decodeTicks, long inferenceTicks,
    long sharedTicks) {

  /** Thread names as the kernel keeps them: cut to 15 characters. */
  private static final String DECODE = "screening-decod";
  private static final String INFERENCE = "screening-infer";
  private static final List<String> SHARED =
      List.of("vert.x-eventloo", "vert.x-kafka-co", "vert.x-worker-t", "kafka-producer-");

  /** The counters now; available only on Linux, where the benches run. */
  static WorkerCpu now() {
    long tensorflow = 0;
    long decode = 0;
    long inference = 0;
    long shared = 0;
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        String name;
        long ticks;
        try {
          name = Files.readString(task.resolve("comm")).strip();
          ticks = ticks(Files.readString(task.resolve("stat")));
        } catch (IOException ended) {
          continue; // the thread ended between listing and reading
        }
        if (name.equals(TensorFlowThreads.NAME)) {
          tensorflow += ticks;
        } else if (name.equals(DECODE)) {
          decode += ticks;
        } else if (name.equals(INFERENCE)) {
          inference += ticks;
        } else if (SHARED.contains(name)) {
          shared += ticks;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read per-thread CPU from /proc/self/task", e);
    }
    return new WorkerCpu(tensorflow, decode, inference, shared);
  }

  /** What was used between {@code earlier} and this snapshot. */
  WorkerCpu since(WorkerCpu earlier) {
    return new WorkerCpu(tensorflowTicks - earlier.tensorflowTicks,
        decodeTicks - earlier.decodeTicks, inferenceTicks - earlier.inferenceTicks,
        sharedTicks - earlier.sharedTicks);
  }

  /** The least the share outside {@code Session.run} can be. */
  public double outsideSessionRunLow() {
    return share(decodeTicks, tensorflowTicks + inferenceTicks);
  }

  /** The most the share outside {@code Session.run} can be. */
  public double outsideSessionRunHigh() {
    return share(decodeTicks + inferenceTicks + sharedTicks, tensorflowTicks);
  }

  private static double share(long outside, long inside) {
    return outside + inside == 0 ? 0 : (double) outside / (outside + inside);
  }

  /** utime + stime: fields 14 and 15, counted after the parenthesised name (which may hold spaces). */
  private static long ticks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
