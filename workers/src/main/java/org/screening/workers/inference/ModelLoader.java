package org.screening.workers.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.screening.workers.export.ModelInfo;
import org.screening.workers.export.SavedModelExporter;
import org.screening.workers.involution.InvolutionLibrary;
import org.screening.workers.involution.InvolutionOp;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

/**
 * Loads an exported model for serving. A graph that uses the involution op gets the op library
 * loaded (and self-tested) first; when that is impossible the error says which model needs which
 * op, instead of TensorFlow's "Op type not registered" deep inside the load.
 */
public final class ModelLoader {

  private static final Set<String> CUSTOM_OPS =
      Set.of(InvolutionOp.OP_TYPE, InvolutionOp.GRAD_OP_TYPE);

  private ModelLoader() {}

  public static LoadedModel load(Path dir) throws IOException {
    return load(dir, null);
  }

  /**
   * As {@link #load(Path)}, with session options (device placement, GPU memory growth, thread
   * pools); {@code null} keeps TensorFlow's defaults.
   */
  public static LoadedModel load(Path dir, ConfigProto sessionConfig) throws IOException {
    return TensorFlowThreads.call(() -> loadHere(dir, sessionConfig));
  }

  private static LoadedModel loadHere(Path dir, ConfigProto sessionConfig) throws IOException {
    ModelInfo info = ModelInfo.read(dir);
    Set<String> custom = customOps(dir);
    if (!custom.isEmpty()) {
      try {
        InvolutionLibrary.load();
      } catch (RuntimeException e) {
        throw new IllegalStateException("Model " + info.name() + " at " + dir + " uses the custom op "
            + String.join(", ", custom) + ", but the involution op library could not be loaded: "
            + e.getMessage(), e);
      }
    }
    SavedModelBundle bundle;
    try {
      SavedModelBundle.Loader loader =
          SavedModelBundle.loader(dir.toString()).withTags(SavedModelExporter.TAG);
      if (sessionConfig != null) {
        loader = loader.withConfigProto(sessionConfig);
      }
      bundle = loader.load();
    } catch (TensorFlowException e) {
      throw new IllegalStateException("TensorFlow cannot load model " + info.name() + " at " + dir
          + ": " + e.getMessage(), e);
    }
    SessionFunction serving;
    try {
      serving = bundle.function(SavedModelExporter.SIGNATURE);
    } catch (RuntimeException e) {
      bundle.close();
      throw new IllegalStateException("Model " + info.name() + " at " + dir + " has no '"
          + SavedModelExporter.SIGNATURE + "' signature", e);
    }
    try {
      ModelInfo.Explain explain = info.explain();
      GradCam gradCam = info.task().equals("classify") && explain != null
          && explain.featureMap() != null
          ? GradCam.add(bundle.graph(), serving.signature(), info) : null;
      KernelMap kernelMap = explain != null && explain.involutionKernel() != null
          ? KernelMap.add(bundle.graph(), info) : null;
      return new LoadedModel(info, bundle, serving, gradCam, kernelMap);
    } catch (RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  /** The custom op types a SavedModel's graphs (and their functions) use. */
  static Set<String> customOps(Path dir) throws IOException {
    Path pb = dir.resolve("saved_model.pb");
    if (!Files.isRegularFile(pb)) {
      throw new IOException(dir + " has no saved_model.pb: not a SavedModel directory");
    }
    Set<String> found = new TreeSet<>();
    for (MetaGraphDef meta : SavedModel.parseFrom(Files.readAllBytes(pb)).getMetaGraphsList()) {
      for (NodeDef node : meta.getGraphDef().getNodeList()) {
        if (CUSTOM_OPS.contains(node.getOp())) {
          found.add(node.getOp());
        }
      }
      for (FunctionDef function : meta.getGraphDef().getLibrary().getFunctionList()) {
        for (NodeDef node : function.getNodeDefList()) {
          if (CUSTOM_OPS.contains(node.getOp())) {
            found.add(node.getOp());
          }
        }
      }
    }
    return found;
  }
}
