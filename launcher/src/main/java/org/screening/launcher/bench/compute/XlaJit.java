package org.screening.launcher.bench.compute;

import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;

/**
 * XLA auto-clustering on CPU. The session's global jit level alone does nothing on CPU: TensorFlow
 * also needs {@code TF_XLA_FLAGS=--tf_xla_cpu_global_jit}, read once when it initialises, so a
 * JVM started without it can only get XLA from a child process.
 */
final class XlaJit {

  static final String ENV = "TF_XLA_FLAGS";
  static final String CPU_FLAG = "--tf_xla_cpu_global_jit";

  /** The op that runs a compiled cluster; it executes only when XLA really compiled it. */
  static final String RUN_OP = "_XlaRun";

  /**
   * Ops a step executes around its compute: feeds, fetches, shape metadata, XLA's own compile and
   * run, and the Switch/_XlaMerge pair that routes a step to the compiled cluster or its fallback.
   */
  static final Set<String> PLUMBING_OPS = Set.of("_Arg", "_Retval", "_Recv", "_Send",
      "_HostRecv", "_HostSend", "Placeholder", "Const", "NoOp", "Identity", "Shape",
      "_XlaCompile", RUN_OP, "Switch", "_XlaMerge");

  private XlaJit() {}

  static boolean enabledInThisJvm() {
    return hasCpuFlag(System.getenv(ENV));
  }

  static ConfigProto sessionConfig() {
    return ConfigProto.newBuilder()
        .setGraphOptions(GraphOptions.newBuilder().setOptimizerOptions(
            OptimizerOptions.newBuilder()
                .setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_2)))
        .build();
  }

  /** Adds the CPU flag to a child process environment, keeping any XLA flags already there. */
  static void enableIn(Map<String, String> environment) {
    String flags = environment.get(ENV);
    if (!hasCpuFlag(flags)) {
      environment.put(ENV, flags == null || flags.isBlank() ? CPU_FLAG : flags + " " + CPU_FLAG);
    }
  }

  private static boolean hasCpuFlag(String flags) {
    return flags != null && (" " + flags + " ").contains(" " + CPU_FLAG + " ");
  }
}
