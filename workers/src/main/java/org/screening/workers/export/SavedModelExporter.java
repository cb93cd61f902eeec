package org.screening.workers.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.screening.workers.involution.InvolutionLibrary;
import org.screening.workers.model.ModelKind;
import org.screening.workers.model.ModelOutput;
import org.screening.workers.model.ModelScope;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Writes a trained model as a TensorFlow SavedModel with a {@code serving_default} signature:
 * input {@code image} (float32 [N,H,W,3] in [0,1]); output {@code probabilities} (Cls) or
 * {@code mask} (Seg, [N,H,W,1] in [0,1]); Cls also exposes {@code involution_kernel}, the first
 * involution layer's kernel map. The graph holds only the inference branch, so serving runs no
 * dropout or statistics update; weights come over by variable name. A classifier's card names its
 * last convolutional feature map ({@code explain.feature_map}), where the worker adds Grad-CAM,
 * and a Med-IC model's its first involution kernel map ({@code explain.involution_kernel}).
 */
public final class SavedModelExporter {

  public static final String SIGNATURE = "serving_default";
  public static final String INPUT = "image";
  public static final String PROBABILITIES = "probabilities";
  public static final String MASK = "mask";
  public static final String INVOLUTION_KERNEL = "involution_kernel";
  public static final String TAG = "serve";

  private SavedModelExporter() {}

  /**
   * Exports to {@code dir} (created; must not hold a model already) and writes the model asset
   * with the weights' sha256 filled in. Returns the asset as written.
   */
  public static ModelInfo export(ModelKind kind, int classes, ModelWeights weights, ModelInfo info,
      Path dir) throws IOException {
    InvolutionLibrary.load();
    if (Files.exists(dir.resolve("saved_model.pb"))) {
      throw new IOException(dir + " already holds a SavedModel; choose another --out");
    }
    ModelInfo.Explain explain = null;
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      ModelScope scope = new ModelScope(tf.withSubScope(kind.cliName()), 0);
      var model = kind.create(scope, info.involutionLayers(), classes);
      Placeholder<TFloat32> image = tf.withName(INPUT).placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, kind.inputSize(), kind.inputSize(), 3)));
      ModelOutput out = model.apply(image, false);
      Signature.Builder signature = Signature.builder(SIGNATURE).input(INPUT, image);
      String featureMap = null;
      if (kind.segmentation()) {
        signature.output(MASK, tf.withName(MASK).identity(out.prediction()));
      } else {
        signature.output(PROBABILITIES, tf.withName(PROBABILITIES).identity(out.prediction()));
        if (out.featureMap() != null) {
          featureMap = out.featureMap().op().name();
        }
        if (out.involutionKernel() != null) {
          signature.output(INVOLUTION_KERNEL,
              tf.withName(INVOLUTION_KERNEL).identity(out.involutionKernel()));
        }
      }
      String kernel = out.involutionKernel() == null ? null : out.involutionKernel().op().name();
      if (featureMap != null || kernel != null) {
        explain = new ModelInfo.Explain(featureMap, kernel);
      }
      session.initialize();
      restore(tf, session, scope.variables(), weights);
      SavedModelBundle.exporter(dir.toString())
          .withTags(TAG)
          .withSession(session)
          .withSignature(signature.build())
          .export();
    }
    ModelInfo written = info.withWeightsSha256(variablesSha256(dir)).withExplain(explain);
    written.write(dir);
    return written;
  }

  /** Assigns the trained values to the serving graph's variables, matched by name. */
  private static void restore(Ops tf, Session session, List<Variable<TFloat32>> variables,
      ModelWeights weights) {
    if (variables.size() != weights.values().size()) {
      throw new IllegalArgumentException("The model has " + variables.size()
          + " variables but " + weights.values().size() + " trained values were given");
    }
    List<TFloat32> tensors = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (Variable<TFloat32> v : variables) {
        ModelWeights.Tensor value = weights.values().get(v.op().name());
        if (value == null || !Shape.of(value.shape()).equals(v.shape())) {
          throw new IllegalArgumentException("No trained value of shape " + v.shape()
              + " for variable " + v.op().name());
        }
        TFloat32 t = TFloat32.tensorOf(v.shape(), DataBuffers.of(value.data()));
        tensors.add(t);
        Placeholder<TFloat32> feed = tf.placeholder(TFloat32.class, Placeholder.shape(v.shape()));
        Operand<TFloat32> assign = tf.assign(v, feed);
        runner.feed(feed, t).addTarget(assign);
      }
      runner.run();
    } finally {
      tensors.forEach(TFloat32::close);
    }
  }

  /** sha256 over the checkpoint files in name order: identifies the weights a result came from. */
  static String variablesSha256(Path dir) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      List<Path> files;
      try (Stream<Path> s = Files.list(dir.resolve("variables"))) {
        files = s.sorted().toList();
      }
      for (Path file : files) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
