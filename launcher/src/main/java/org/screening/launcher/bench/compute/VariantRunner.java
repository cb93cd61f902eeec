package org.screening.launcher.bench.compute;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

/**
 * One variant's graph and session for one shape: y = involution(x, kernel), loss = sum(y * w) and
 * its gradients with respect to x and kernel. Inputs are placeholders fed the same tensors on
 * every step, so no variant can constant-fold them away.
 */
final class VariantRunner implements AutoCloseable {

  private static final RunOptions TRACE = RunOptions.newBuilder()
      .setOutputPartitionGraphs(true)
      // Software trace records which nodes executed without the GPU-trace warning of FULL_TRACE.
      .setTraceLevel(RunOptions.TraceLevel.SOFTWARE_TRACE)
      .build();

  private final Variant variant;
  private final Graph graph;
  private final Session session;
  private final BenchTensors inputs;
  private final Placeholder<TFloat32> x;
  private final Placeholder<TFloat32> kernel;
  private final Placeholder<TFloat32> weights;
  private final Operand<TFloat32> y;
  private final Operand<TFloat32> loss;
  private final Output<?> dx;
  private final Output<?> dkernel;

  VariantRunner(Variant variant, KernelShape shape, BenchTensors inputs) {
    this.variant = variant;
    this.inputs = inputs;
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      x = tf.placeholder(TFloat32.class, Placeholder.shape(shape.xShape()));
      kernel = tf.placeholder(TFloat32.class, Placeholder.shape(shape.kernelShape()));
      weights = tf.placeholder(TFloat32.class, Placeholder.shape(shape.xShape()));
      y = variant.build(tf, x, kernel, shape);
      loss = tf.reduceSum(tf.math.mul(y, weights), tf.constant(new int[] {0, 1, 2, 3}));
      Output<?>[] grads =
          graph.addGradients(loss.asOutput(), new Output<?>[] {x.asOutput(), kernel.asOutput()});
      dx = grads[0];
      dkernel = grads[1];
      session = new Session(graph, variant.sessionConfig());
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  Variant variant() {
    return variant;
  }

  /** One step of the measure, as a timer repeats it. */
  void step(Measure measure) {
    runner(measure).run().close();
  }

  Outputs outputs() {
    try (Result r = feeds().fetch(y).fetch(dx).fetch(dkernel).run()) {
      return new Outputs(floats(r.get(0)), floats(r.get(1)), floats(r.get(2)));
    }
  }

  /** The op types one step of the measure actually executed (not merely placed in the graph). */
  Set<String> executedOpTypes(Measure measure) {
    try (Result r = runner(measure).setOptions(TRACE).runAndFetchMetadata()) {
      RunMetadata metadata = r.getMetadata().orElseThrow(
          () -> new IllegalStateException("TensorFlow returned no run metadata for a traced step"));
      Map<String, String> opTypes = new HashMap<>();
      for (GraphDef partition : metadata.getPartitionGraphsList()) {
        for (NodeDef node : partition.getNodeList()) {
          opTypes.put(node.getName(), node.getOp());
        }
      }
      Set<String> executed = new TreeSet<>();
      for (DeviceStepStats device : metadata.getStepStats().getDevStatsList()) {
        for (NodeExecStats node : device.getNodeStatsList()) {
          String type = opTypes.get(node.getNodeName());
          if (type != null) {
            executed.add(type);
          }
        }
      }
      return executed;
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }

  private Session.Runner runner(Measure measure) {
    Session.Runner runner = feeds();
    return measure == Measure.FWD ? runner.fetch(y) : runner.fetch(loss).fetch(dx).fetch(dkernel);
  }

  private Session.Runner feeds() {
    return session.runner()
        .feed(x, inputs.x())
        .feed(kernel, inputs.kernel())
        .feed(weights, inputs.weights());
  }

  private static float[] floats(Tensor tensor) {
    TFloat32 t = (TFloat32) tensor;
    float[] values = new float[Math.toIntExact(t.shape().size())];
    t.copyTo(DataBuffers.of(values));
    return values;
  }
}
