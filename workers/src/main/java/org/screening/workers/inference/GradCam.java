package org.screening.workers.inference;

import java.util.List;
import org.screening.workers.export.ModelInfo;
import org.screening.workers.export.SavedModelExporter;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Grad-CAM ops added to a loaded classifier's graph: for each image, the heat map
 * ReLU(sum_k alpha_k A_k), where A is the last convolutional feature map (named in the model card,
 * {@code explain.feature_map}) and alpha_k the spatial mean of d(logit of the predicted
 * class)/dA_k.
 *
 * <p>Added when the worker loads the model rather than exported as a second signature: the
 * shipped SavedModels (and any exported before this) are explained as they are, without being
 * re-exported, and their weights' sha256 stays what results already name. The ops live in the
 * session's own graph, so a batch with frames asking for explanations still takes one
 * {@code Session.run}, which fetches the heat map next to the probabilities; batches with none
 * do not fetch it, and TensorFlow then runs none of the backward ops.
 *
 * <p>The score is the logit (the softmax's input), not the probability: a confident softmax is
 * flat, and its gradient would vanish on exactly the frames a reader most wants explained. The
 * path from A to the logits holds only convolution, pooling, normalisation and dense ops, all
 * with TensorFlow's own gradients; the involution op sits before A and is never differentiated
 * here.
 *
 * @param heatMap float32 [N, height, width], not normalised
 * @param weights alpha, float32 [N, channels]
 * @param logits float32 [N, classes], the score's source (tests differentiate it numerically)
 * @param featureMap A, float32 [N, height, width, channels]
 * @param height rows of the feature map's grid
 * @param width columns of the feature map's grid
 */
public record GradCam(Output<TFloat32> heatMap, Output<TFloat32> weights, Output<TFloat32> logits,
    Output<TFloat32> featureMap, int height, int width) {

  /** The heat map's name among the outputs {@link Predictions#run} returns. */
  public static final String OUTPUT = "explanation";

  /**
   * Adds the ops, under {@code gradcam/}, before the session first runs.
   *
   * @throws IllegalStateException when the card's feature map is not a float32 [N, h, w, c] op
   *     of the graph, or the probabilities are not a softmax of logits
   */
  @SuppressWarnings("unchecked")
  public static GradCam add(Graph graph, Signature serving, ModelInfo info) {
    String name = info.explain().featureMap();
    GraphOperation mapOp = graph.operation(name);
    if (mapOp == null) {
      throw new IllegalStateException("Model " + info.name() + ": explain.feature_map '" + name
          + "' is not an operation of its graph");
    }
    Output<?> output = mapOp.output(0);
    if (output.type() != TFloat32.class || output.shape().numDimensions() != 4
        || output.shape().size(1) < 1 || output.shape().size(2) < 1) {
      throw new IllegalStateException("Model " + info.name() + ": explain.feature_map '" + name
          + "' is " + output.dataType() + " " + output.shape()
          + ", not a float32 [N, h, w, channels] feature map");
    }
    Output<TFloat32> featureMap = (Output<TFloat32>) output;
    Output<TFloat32> logits = logits(graph, serving, info);
    Ops tf = Ops.create(graph).withSubScope("gradcam");
    // The predicted class as a constant mask: argmax has no gradient, and the class does not
    // move under an infinitesimal change of A.
    Operand<TInt32> predicted = tf.math.argMax(logits, tf.constant(1), TInt32.class);
    Operand<TFloat32> chosen = tf.stopGradient(tf.oneHot(predicted,
        tf.constant(info.labels().size()), tf.constant(1f), tf.constant(0f)));
    // Summed over the batch: each image's score depends on its own A only, so the gradient of
    // the sum is every image's own gradient.
    Operand<TFloat32> score = tf.reduceSum(tf.math.mul(logits, chosen),
        tf.constant(new int[] {0, 1}));
    Output<?> dy = tf.gradients(score, List.of(featureMap)).dy(0);
    Output<TFloat32> gradient = (Output<TFloat32>) dy;
    Operand<TFloat32> alpha = tf.math.mean(gradient, tf.constant(new int[] {1, 2}),
        Mean.keepDims(true));
    Operand<TFloat32> heatMap = tf.nn.relu(tf.reduceSum(tf.math.mul(alpha, featureMap),
        tf.constant(3), ReduceSum.keepDims(false)));
    Operand<TFloat32> weights = tf.squeeze(alpha, Squeeze.axis(List.of(1L, 2L)));
    return new GradCam(heatMap.asOutput(), weights.asOutput(), logits, featureMap,
        (int) featureMap.shape().size(1), (int) featureMap.shape().size(2));
  }

  /** The softmax's input behind the serving signature's probabilities. */
  @SuppressWarnings("unchecked")
  private static Output<TFloat32> logits(Graph graph, Signature serving, ModelInfo info) {
    Signature.TensorDescription probabilities =
        serving.getOutputs().get(SavedModelExporter.PROBABILITIES);
    GraphOperation op = probabilities == null ? null
        : graph.operation(probabilities.name.replaceFirst(":\\d+$", ""));
    while (op != null && op.type().equals("Identity")) {
      op = (GraphOperation) op.input(0).op();
    }
    if (op == null || !op.type().equals("Softmax")) {
      throw new IllegalStateException("Model " + info.name() + ": Grad-CAM needs its '"
          + SavedModelExporter.PROBABILITIES + "' output to be a Softmax of logits");
    }
    Output<?> logits = op.input(0);
    return (Output<TFloat32>) logits;
  }
}
