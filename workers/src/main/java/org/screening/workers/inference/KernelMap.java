package org.screening.workers.inference;

import org.screening.workers.export.ModelInfo;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceMin;
import org.tensorflow.types.TFloat32;

/**
 * The involution kernel map of a Med-IC model as an image: at each pixel, the energy (sum of
 * squared taps, over groups) of the kernel its first involution layer generated there, minus the
 * image's lowest energy. The kernel-generating branch is the involution's "attention": bright
 * where the model built strong kernels.
 *
 * <p>Added to the loaded graph, as {@link GradCam} is, from the operation the model card names
 * ({@code explain.involution_kernel}), so the shipped SavedModels give it without re-export; a
 * batch not asking to explain does not fetch it, and TensorFlow then runs none of these ops.
 *
 * @param map float32 [N, height, width], 0 at each image's lowest energy
 * @param height rows of the kernel grid (the involution runs at stride 1: the model's input)
 * @param width columns of the kernel grid
 */
public record KernelMap(Output<TFloat32> map, int height, int width) {

  /** The map's name among the outputs {@link Predictions#run} returns. */
  public static final String OUTPUT = "involution_kernel_map";

  /**
   * Adds the ops, under {@code kernelmap/}, before the session first runs.
   *
   * @throws IllegalStateException when the card's operation is not a float32
   *     [N, h, w, groups, taps] kernel map of the graph
   */
  @SuppressWarnings("unchecked")
  public static KernelMap add(Graph graph, ModelInfo info) {
    String name = info.explain().involutionKernel();
    GraphOperation op = graph.operation(name);
    if (op == null) {
      throw new IllegalStateException("Model " + info.name() + ": explain.involution_kernel '"
          + name + "' is not an operation of its graph");
    }
    Output<?> output = op.output(0);
    if (output.type() != TFloat32.class || output.shape().numDimensions() != 5
        || output.shape().size(1) < 1 || output.shape().size(2) < 1) {
      throw new IllegalStateException("Model " + info.name() + ": explain.involution_kernel '"
          + name + "' is " + output.dataType() + " " + output.shape()
          + ", not a float32 [N, h, w, groups, taps] kernel map");
    }
    Output<TFloat32> kernel = (Output<TFloat32>) output;
    Ops tf = Ops.create(graph).withSubScope("kernelmap");
    Operand<TFloat32> energy = tf.reduceSum(tf.math.square(kernel), tf.constant(new int[] {3, 4}));
    // Less the lowest: the bias of the kernel generator gives every pixel a floor of energy that
    // would otherwise leave the scaled PNG uniformly bright.
    Operand<TFloat32> map = tf.math.sub(energy,
        tf.reduceMin(energy, tf.constant(new int[] {1, 2}), ReduceMin.keepDims(true)));
    return new KernelMap(map.asOutput(), (int) kernel.shape().size(1),
        (int) kernel.shape().size(2));
  }
}
