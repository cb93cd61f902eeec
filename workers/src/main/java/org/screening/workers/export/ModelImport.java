package org.screening.workers.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Makes a TF2 SavedModel trained elsewhere servable: reads its serving signature (one float32
 * image input [N, H, W, 3], one output: class probabilities [N, C] or a mask [N, H, W, 1]), hints
 * at the value range its input expects, names the signature's input and output as the worker
 * reads them ({@value SavedModelExporter#INPUT}, {@value SavedModelExporter#PROBABILITIES} or
 * {@value SavedModelExporter#MASK}; the tensors stay as they are) and writes {@link ModelInfo}.
 * Everything it cannot serve is refused with a {@link Refused} that says what and why.
 */
public final class ModelImport {

  /** What the import was asked for; null name/version/range/output: derived. */
  public record Request(Path dir, String task, List<String> labels, String name, String version,
      float[] range, String output) {}

  /** The SavedModel cannot be served as it is; the message says why. */
  public static final class Refused extends IOException {
    Refused(String message) {
      super(message);
    }
  }

  /** The written card and what the import found out on the way, one line each. */
  public record Imported(ModelInfo info, List<String> notes) {}

  private ModelImport() {}

  public static Imported run(Request request) throws IOException {
    Path dir = request.dir();
    Path pb = dir.resolve("saved_model.pb");
    if (!Files.isRegularFile(pb)) {
      throw new Refused(dir + " has no saved_model.pb: not a SavedModel directory");
    }
    if (!request.task().equals("classify") && !request.task().equals("segment")) {
      throw new Refused("--task must be classify or segment, got '" + request.task() + "'");
    }
    List<String> notes = new ArrayList<>();
    SavedModel saved = SavedModel.parseFrom(Files.readAllBytes(pb));
    int metaIndex = -1;
    for (int i = 0; i < saved.getMetaGraphsCount(); i++) {
      if (saved.getMetaGraphs(i).getMetaInfoDef().getTagsList()
          .contains(SavedModelExporter.TAG)) {
        metaIndex = i;
      }
    }
    if (metaIndex < 0) {
      throw new Refused(dir + " has no graph tagged '" + SavedModelExporter.TAG
          + "' (the tag serving loads)");
    }
    MetaGraphDef meta = saved.getMetaGraphs(metaIndex);
    Map<String, SignatureDef> signatures = meta.getSignatureDefMap();
    String signatureKey = signatures.containsKey(SavedModelExporter.SIGNATURE)
        ? SavedModelExporter.SIGNATURE
        : signatures.size() == 1 ? signatures.keySet().iterator().next() : null;
    if (signatureKey == null) {
      throw new Refused(dir + " has no '" + SavedModelExporter.SIGNATURE + "' signature and "
          + signatures.size() + " others (" + String.join(", ", signatures.keySet())
          + "): the worker serves one");
    }
    SignatureDef signature = signatures.get(signatureKey);

    if (signature.getInputsCount() != 1) {
      throw new Refused("Signature '" + signatureKey + "' has " + signature.getInputsCount()
          + " inputs (" + String.join(", ", signature.getInputsMap().keySet())
          + "): the worker feeds one image");
    }
    Map.Entry<String, TensorInfo> input = signature.getInputsMap().entrySet().iterator().next();
    checkFloat("input", input.getKey(), input.getValue());
    List<Long> inShape = dims(input.getValue());
    if (inShape.size() != 4 || inShape.get(1) <= 0 || inShape.get(2) <= 0 || inShape.get(3) != 3) {
      throw new Refused("Input '" + input.getKey() + "' has shape " + shapeText(inShape)
          + ": the worker feeds images as [N, height, width, 3] (RGB) with a fixed height and "
          + "width");
    }
    int height = inShape.get(1).intValue();
    int width = inShape.get(2).intValue();

    String servedKey = request.task().equals("classify") ? SavedModelExporter.PROBABILITIES
        : SavedModelExporter.MASK;
    Map.Entry<String, TensorInfo> output =
        chooseOutput(signatureKey, signature, request.output(), servedKey);
    checkFloat("output", output.getKey(), output.getValue());
    List<Long> outShape = dims(output.getValue());
    String kind = outShape.size() == 2 ? "classify"
        : outShape.size() == 4 && outShape.get(3) == 1 ? "segment" : null;
    if (kind == null) {
      throw new Refused("Output '" + output.getKey() + "' has shape " + shapeText(outShape)
          + ": the worker reads class probabilities [N, classes] or a mask [N, H, W, 1]");
    }
    if (!kind.equals(request.task())) {
      throw new Refused("--task " + request.task() + ", but output '" + output.getKey()
          + "' has shape " + shapeText(outShape) + ", which is a "
          + (kind.equals("classify") ? "classification" : "mask"));
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    if (kind.equals("classify")) {
      long classes = outShape.get(1);
      if (classes > 0 && classes != request.labels().size()) {
        throw new Refused("Output '" + output.getKey() + "' gives " + classes + " classes but "
            + request.labels().size() + " --labels were given");
      }
      outputs.put(SavedModelExporter.PROBABILITIES, "float32 [N, " + request.labels().size()
          + "] class probabilities (imported output '" + output.getKey() + "')");
    } else {
      if (outShape.get(1) != height || outShape.get(2) != width) {
        throw new Refused("Output '" + output.getKey() + "' has shape " + shapeText(outShape)
            + ": the worker reads a mask at the input's size, " + height + "x" + width);
      }
      outputs.put(SavedModelExporter.MASK, "float32 [N, " + height + ", " + width
          + ", 1] foreground probability (imported output '" + output.getKey() + "')");
    }
    String expected = kind.equals("classify") ? "Softmax" : "Sigmoid";
    Optional<String> producer = producer(meta, output.getValue().getName());
    if (producer.isPresent() && !producer.get().equals(expected)) {
      throw new Refused("Output '" + output.getKey() + "' is computed by " + producer.get()
          + ", not " + expected + ": the worker reads "
          + (kind.equals("classify") ? "class probabilities" : "a foreground probability")
          + "; export the model with its " + expected.toLowerCase() + " in the signature");
    }
    notes.add("output '" + output.getKey() + "': " + shapeText(outShape) + ", computed by "
        + producer.orElse("an op this import cannot trace (not checked)"));

    float[] range = request.range();
    if (range == null) {
      boolean rescales = rescalesFrom255(meta);
      range = rescales ? new float[] {0, 255} : new float[] {0, 1};
      notes.add(rescales
          ? "input range: [0, 255] (the graph divides by 255 or multiplies by 1/255)"
          : "input range: [0, 1] (no rescaling from [0, 255] found in the graph; "
              + "--input-range says otherwise)");
    } else {
      notes.add("input range: [" + range[0] + ", " + range[1] + "] (--input-range)");
    }

    // The worker reads the signature by these keys; only the keys change, not the tensors.
    // The other outputs stay: serving fetches only the one it reads.
    SignatureDef renamed = signature.toBuilder()
        .clearInputs().putInputs(SavedModelExporter.INPUT, input.getValue())
        .removeOutputs(output.getKey()).putOutputs(servedKey, output.getValue())
        .build();
    MetaGraphDef rewritten = meta.toBuilder()
        .removeSignatureDef(signatureKey)
        .putSignatureDef(SavedModelExporter.SIGNATURE, renamed)
        .build();
    Files.write(pb, saved.toBuilder().setMetaGraphs(metaIndex, rewritten).build().toByteArray());
    notes.add("signature '" + signatureKey + "': input '" + input.getKey() + "' [N, " + height
        + ", " + width + ", 3] float32 served as '" + SavedModelExporter.INPUT + "', output '"
        + output.getKey() + "' as '" + servedKey + "'");

    String name = request.name() != null ? request.name() : nameOf(dir);
    String version = request.version() != null ? request.version() : versionOf(dir);
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("imported_from", dir.toAbsolutePath().normalize().toString());
    training.put("data_description", "Trained outside this project; the import does not know "
        + "on what.");
    ModelInfo info = new ModelInfo(name, version, request.task(), request.labels(),
        new ModelInfo.Input(height, width, 3, "float32", range[0], range[1]),
        "RGB resized bilinearly to " + height + "x" + width + ", values scaled to [" + range[0]
            + ", " + range[1] + "]",
        outputs, 0, parameters(meta), null, SavedModelExporter.variablesSha256(dir), training,
        null);
    info.write(dir);
    return new Imported(info, notes);
  }

  /** {@code wanted}, else the output already named as the worker reads it, else the only one. */
  private static Map.Entry<String, TensorInfo> chooseOutput(String signatureKey,
      SignatureDef signature, String wanted, String servedKey) throws Refused {
    Map<String, TensorInfo> outputs = signature.getOutputsMap();
    if (wanted == null && outputs.containsKey(servedKey)) {
      wanted = servedKey;
    }
    if (wanted != null) {
      TensorInfo chosen = outputs.get(wanted);
      if (chosen == null) {
        throw new Refused("Signature '" + signatureKey + "' has no output '" + wanted
            + "' (outputs: " + String.join(", ", outputs.keySet()) + ")");
      }
      return Map.entry(wanted, chosen);
    }
    if (outputs.size() != 1) {
      throw new Refused("Signature '" + signatureKey + "' has " + outputs.size() + " outputs ("
          + String.join(", ", outputs.keySet()) + "): name the one to serve with --output");
    }
    return outputs.entrySet().iterator().next();
  }

  private static void checkFloat(String what, String key, TensorInfo tensor) throws Refused {
    if (tensor.getDtype() != DataType.DT_FLOAT) {
      throw new Refused("The " + what + " '" + key + "' is " + tensor.getDtype().name()
          .replace("DT_", "").toLowerCase() + ": the worker " + (what.equals("input")
          ? "feeds float32 images" : "reads float32 outputs"));
    }
  }

  private static List<Long> dims(TensorInfo tensor) {
    TensorShapeProto shape = tensor.getTensorShape();
    return shape.getUnknownRank() ? List.of()
        : shape.getDimList().stream().map(TensorShapeProto.Dim::getSize).toList();
  }

  private static String shapeText(List<Long> dims) {
    return dims.isEmpty() ? "of unknown rank" : dims.stream().map(d -> d < 0 ? "?" : d.toString())
        .toList().toString();
  }

  /**
   * The op that computes {@code tensor} ({@code node:index}), looking through Identity and into
   * the functions a call op runs (how TF2 writes signatures); empty where it cannot tell.
   */
  private static Optional<String> producer(MetaGraphDef meta, String tensor) {
    Map<String, FunctionDef> functions = new LinkedHashMap<>();
    meta.getGraphDef().getLibrary().getFunctionList()
        .forEach(f -> functions.put(f.getSignature().getName(), f));
    List<NodeDef> nodes = meta.getGraphDef().getNodeList();
    Map<String, String> returns = Map.of();
    String ref = tensor;
    for (int depth = 0; depth < 64; depth++) {
      String[] parts = ref.split(":");
      String nodeName = parts[0].startsWith("^") ? parts[0].substring(1) : parts[0];
      NodeDef node = nodes.stream().filter(n -> n.getName().equals(nodeName)).findFirst()
          .orElse(null);
      if (node == null) {
        return Optional.empty();
      }
      if (node.getOp().equals("Identity") || node.getOp().equals("IdentityN")) {
        ref = node.getInput(0);
        continue;
      }
      AttrValue f = node.getAttrMap().get("f");
      FunctionDef function = f == null ? null : functions.get(f.getFunc().getName());
      if (function == null) {
        return Optional.of(node.getOp());
      }
      // node:index at the top level, node:output_arg:index inside a function.
      int index = Integer.parseInt(parts[parts.length - 1].isEmpty() || parts.length == 1
          ? "0" : parts[parts.length - 1]);
      String outArg = function.getSignature().getOutputArg(index).getName();
      nodes = function.getNodeDefList();
      returns = function.getRetMap();
      ref = returns.get(outArg);
      if (ref == null) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Whether the graph scales its input down from [0, 255]: a Mul by 1/255 or a division by 255. */
  private static boolean rescalesFrom255(MetaGraphDef meta) {
    List<List<NodeDef>> graphs = new ArrayList<>();
    graphs.add(meta.getGraphDef().getNodeList());
    meta.getGraphDef().getLibrary().getFunctionList().forEach(f -> graphs.add(f.getNodeDefList()));
    for (List<NodeDef> nodes : graphs) {
      Map<String, Float> constants = new LinkedHashMap<>();
      for (NodeDef node : nodes) {
        if (node.getOp().equals("Const") && node.getAttrMap().containsKey("value")) {
          scalar(node.getAttrMap().get("value").getTensor())
              .ifPresent(v -> constants.put(node.getName(), v));
        }
      }
      for (NodeDef node : nodes) {
        for (String in : node.getInputList()) {
          Float c = constants.get(in.split(":")[0]);
          if (c == null) {
            continue;
          }
          boolean mul = node.getOp().equals("Mul") && Math.abs(c - 1f / 255) < 1e-6;
          boolean div = (node.getOp().equals("RealDiv") || node.getOp().equals("Div"))
              && (Math.abs(c - 255) < 1e-3 || Math.abs(c - 127.5) < 1e-3);
          if (mul || div) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static Optional<Float> scalar(TensorProto t) {
    if (t.getDtype() != DataType.DT_FLOAT) {
      return Optional.empty();
    }
    if (t.getFloatValCount() == 1) {
      return Optional.of(t.getFloatVal(0));
    }
    if (t.getTensorContent().size() == 4) {
      return Optional.of(ByteBuffer.wrap(t.getTensorContent().toByteArray())
          .order(ByteOrder.LITTLE_ENDIAN).getFloat());
    }
    return Optional.empty();
  }

  /** Trainable and other float values saved with the model, from the variables' shapes. */
  private static long parameters(MetaGraphDef meta) {
    long total = 0;
    for (NodeDef node : meta.getGraphDef().getNodeList()) {
      if (node.getOp().equals("VarHandleOp") || node.getOp().equals("VariableV2")) {
        AttrValue shape = node.getAttrMap().get("shape");
        if (shape != null && !shape.getShape().getUnknownRank()) {
          long size = 1;
          for (TensorShapeProto.Dim d : shape.getShape().getDimList()) {
            size *= Math.max(d.getSize(), 0);
          }
          total += size;
        }
      }
    }
    return total;
  }

  /** {@code <name>/<version>/} as the model directory layout has it: the parent's name. */
  private static String nameOf(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    return abs.getParent() != null && abs.getFileName().toString().matches("\\d+")
        ? abs.getParent().getFileName().toString() : abs.getFileName().toString();
  }

  private static String versionOf(Path dir) {
    String last = dir.toAbsolutePath().normalize().getFileName().toString();
    return last.matches("\\d+") ? last : "1";
  }
}
