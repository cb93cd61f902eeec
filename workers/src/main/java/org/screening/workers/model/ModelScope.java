package org.screening.workers.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.framework.initializers.Initializer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * What layers need while they add themselves to a graph: a name scope, a deterministic seed for
 * their initialisers, and one place that records every variable (trainable weights and
 * batch-norm statistics alike, which is how the paper counts parameters) and every statistics
 * update a training step must run.
 */
public final class ModelScope {

  private final Ops tf;
  private final long seed;
  private final Registry registry;

  /** Weights and statistics of one model; shared by all sub-scopes. */
  private static final class Registry {
    final List<Variable<TFloat32>> weights = new ArrayList<>();
    final List<Variable<TFloat32>> statistics = new ArrayList<>();
    final List<Op> trainingUpdates = new ArrayList<>();
    long nextSeed;
  }

  public ModelScope(Ops tf, long seed) {
    this(tf, seed, new Registry());
    registry.nextSeed = seed;
  }

  private ModelScope(Ops tf, long seed, Registry registry) {
    this.tf = tf;
    this.seed = seed;
    this.registry = registry;
  }

  public Ops tf() {
    return tf;
  }

  /** A scope whose ops and variables are named {@code <this>/<name>/...}. */
  public ModelScope sub(String name) {
    return new ModelScope(tf.withSubScope(name), seed, registry);
  }

  /** A trainable variable with its initial value drawn by {@code init}. */
  public Variable<TFloat32> weight(String name, Shape shape, Initializer<TFloat32> init) {
    Operand<TFloat32> initial = init.call(tf, tf.constant(shape), TFloat32.class);
    Variable<TFloat32> v = tf.withName(name).variable(initial);
    registry.weights.add(v);
    return v;
  }

  /** A non-trainable variable filled with {@code value}, updated by training steps. */
  public Variable<TFloat32> statistic(String name, Shape shape, float value) {
    Variable<TFloat32> v = tf.withName(name).variable(tf.fill(tf.constant(shape), tf.constant(value)));
    registry.statistics.add(v);
    return v;
  }

  /** The next initialiser seed: each variable gets its own, all derived from the model seed. */
  public long nextSeed() {
    return registry.nextSeed++;
  }

  public void addTrainingUpdate(Op update) {
    registry.trainingUpdates.add(update);
  }

  public List<Variable<TFloat32>> weights() {
    return List.copyOf(registry.weights);
  }

  /** Weights then statistics: everything a saved model must carry. */
  public List<Variable<TFloat32>> variables() {
    List<Variable<TFloat32>> all = new ArrayList<>(registry.weights);
    all.addAll(registry.statistics);
    return all;
  }

  public List<Op> trainingUpdates() {
    return List.copyOf(registry.trainingUpdates);
  }

  /**
   * Number of scalars in the trainable weights alone: what PyTorch's {@code parameters()} and
   * the zoo models' papers count.
   */
  public long trainableParameterCount() {
    return registry.weights.stream().mapToLong(v -> v.shape().size()).sum();
  }

  /** Number of scalars in all variables, batch-norm moving statistics included. */
  public long parameterCount() {
    return variables().stream().mapToLong(v -> v.shape().size()).sum();
  }
}
