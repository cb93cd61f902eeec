package org.screening.workers.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.screening.workers.export.ModelWeights;
import org.screening.workers.model.ModelOutput;
import org.screening.workers.model.ModelScope;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One graph holding the model twice over shared variables: a training branch (dropout, batch
 * statistics, loss, Adam step) and an inference branch (what gets exported). Classification
 * trains on softmax cross-entropy against one-hot labels, or soft labels where a batch brings
 * them (CutMix); segmentation on binary cross-entropy plus soft-Dice loss, since thin
 * foreground is otherwise swamped by background pixels. The learning rate is fed per step, as
 * the recipe's schedule sets it.
 */
final class TrainingGraph implements AutoCloseable {

  private final Graph graph = new Graph();
  private final Session session;
  private final boolean segmentation;
  private final Placeholder<TFloat32> image;
  private final Placeholder<TInt32> labels;
  private final Placeholder<TFloat32> masks;
  private final Operand<TFloat32> softLabels;
  private final Operand<TFloat32> learningRate;
  private final float configuredRate;
  private final Operand<TFloat32> loss;
  private final List<Op> trainTargets = new ArrayList<>();
  private final Operand<TFloat32> prediction;
  private final Operand<TFloat32> inferenceLogits;
  private final ModelScope scope;

  TrainingGraph(TrainingConfig config, int classes) {
    Ops tf = Ops.create(graph);
    int size = config.model().inputSize();
    this.segmentation = config.model().segmentation();
    this.scope = new ModelScope(tf.withSubScope(config.model().cliName()), config.seed());
    var model = config.model().create(scope, config.involutionLayers(), classes);
    this.image = tf.withName("image").placeholder(TFloat32.class,
        Placeholder.shape(Shape.of(-1, size, size, 3)));
    ModelOutput train = model.apply(image, true);
    if (segmentation) {
      this.labels = null;
      this.softLabels = null;
      this.masks = tf.withName("masks").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, size, size, 1)));
      this.loss = segmentationLoss(tf, train.logits(), masks);
    } else {
      this.masks = null;
      this.labels = tf.withName("labels").placeholder(TInt32.class,
          Placeholder.shape(Shape.of(-1)));
      Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(classes), tf.constant(1f),
          tf.constant(0f));
      // Fed, the soft labels replace the one-hot ones and the int labels need no feed.
      this.softLabels = tf.withName("soft_labels").placeholderWithDefault(oneHot,
          Shape.of(-1, classes));
      this.loss = tf.math.mean(
          tf.nn.softmaxCrossEntropyWithLogits(train.logits(), softLabels).loss(),
          tf.constant(0));
    }
    List<Variable<TFloat32>> weights = scope.weights();
    Output<?>[] grads = graph.addGradients(loss.asOutput(),
        weights.stream().map(Variable::asOutput).toArray(Output<?>[]::new));
    this.configuredRate = config.learningRate();
    this.learningRate = tf.withName("learning_rate").placeholder(TFloat32.class,
        Placeholder.shape(Shape.scalar()));
    trainTargets.add(AdamOptimizer.minimize(tf, weights, grads, learningRate, config.epsilon(),
        config.weightDecay()));
    trainTargets.addAll(scope.trainingUpdates());
    ModelOutput inference = model.apply(image, false);
    this.prediction = inference.prediction();
    this.inferenceLogits = inference.logits();
    this.session = new Session(graph);
    session.initialize();
  }

  private static Operand<TFloat32> segmentationLoss(Ops tf, Operand<TFloat32> logits,
      Operand<TFloat32> masks) {
    Operand<TInt32> all = tf.constant(new int[] {0, 1, 2, 3});
    // Binary cross-entropy on logits in its overflow-free form: relu(x) - x*z + log(1 + e^-|x|).
    Operand<TFloat32> bce = tf.math.mean(tf.math.add(
        tf.math.sub(tf.nn.relu(logits), tf.math.mul(logits, masks)),
        tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits))))), all);
    Operand<TFloat32> p = tf.math.sigmoid(logits);
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> intersection = tf.reduceSum(tf.math.mul(p, masks), all);
    Operand<TFloat32> total = tf.math.add(tf.reduceSum(p, all), tf.reduceSum(masks, all));
    Operand<TFloat32> dice = tf.math.div(
        tf.math.add(tf.math.mul(tf.constant(2f), intersection), one), tf.math.add(total, one));
    return tf.math.add(bce, tf.math.sub(one, dice));
  }

  /** One optimiser step on a batch at the configured learning rate; returns the batch loss. */
  float step(Batch batch) {
    return step(batch, configuredRate);
  }

  /** One optimiser step at learning rate {@code rate}; returns the batch loss. */
  float step(Batch batch, float rate) {
    Session.Runner runner = session.runner().feed(image, batch.images());
    if (segmentation) {
      runner.feed(masks, batch.masks());
    } else if (batch.softLabels() != null) {
      runner.feed(softLabels, batch.softLabels());
    } else {
      runner.feed(labels, batch.labels());
    }
    try (TFloat32 rateTensor = TFloat32.scalarOf(rate)) {
      runner.feed(learningRate, rateTensor);
      for (Op target : trainTargets) {
        runner.addTarget(target);
      }
      try (Result r = runner.fetch(loss).run()) {
        return ((TFloat32) r.get(0)).getFloat();
      }
    }
  }

  /** Inference-branch output (probabilities or masks) for a batch of images. */
  TFloat32 predict(TFloat32 images) {
    return (TFloat32) session.runner().feed(image, images).fetch(prediction).run().get(0);
  }

  /**
   * Inference-branch logits (the input of the served softmax or sigmoid) for a batch of images:
   * what temperature scaling is fitted on.
   */
  TFloat32 logits(TFloat32 images) {
    return (TFloat32) session.runner().feed(image, images).fetch(inferenceLogits).run().get(0);
  }

  long parameterCount() {
    return scope.parameterCount();
  }

  /** Current values of every model variable, by name, for export. */
  ModelWeights weights() {
    Map<String, ModelWeights.Tensor> values = new LinkedHashMap<>();
    for (Variable<TFloat32> v : scope.variables()) {
      try (Result r = session.runner().fetch(v).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        float[] data = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(data));
        values.put(v.op().name(), new ModelWeights.Tensor(t.shape().asArray(), data));
      }
    }
    return new ModelWeights(values);
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
