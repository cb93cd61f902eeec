package org.screening.workers.inference;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.screening.schemas.DeadLetterReason;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.Task;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.decode.RejectedFrameException;
import org.screening.workers.involution.InvolutionLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.ConfigProto;

/**
 * The models this worker serves, loaded and warmed up, and which one answers which task. Once
 * {@link #load} returns, the op library has passed its self-test and every model has run one
 * batch of the largest size it will see: the worker is ready. Immutable and thread-safe after
 * that.
 */
public final class ModelRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

  private final List<ServedModel> models;
  private final Map<Task, TaskRoutes> routes;

  private ModelRegistry(List<ServedModel> models, Map<Task, TaskRoutes> routes) {
    this.models = List.copyOf(models);
    this.routes = routes;
  }

  /**
   * Loads every model of {@code config}, checks the routing, warms each model up; on a
   * {@link TensorFlowThreads} thread, as warm-up creates some of TensorFlow's pools.
   */
  public static ModelRegistry load(WorkerConfig config) throws IOException {
    return TensorFlowThreads.call(() -> loadHere(config));
  }

  private static ModelRegistry loadHere(WorkerConfig config) throws IOException {
    InvolutionLibrary library = InvolutionLibrary.load();
    ConfigProto options = SessionOptions.from(config);
    List<ServedModel> models = new ArrayList<>();
    try {
      Set<String> keys = new HashSet<>();
      for (String id : config.modelIds()) {
        ServedModel model = loadOne(config, id, options, library);
        models.add(model);
        if (!keys.add(model.key())) {
          throw new IllegalStateException("Two model folders hold " + model.key()
              + "; each name:version may be served once");
        }
      }
      ModelRegistry registry = new ModelRegistry(models, routing(config, models));
      for (ServedModel model : models) {
        warmUp(model, config.getInt(WorkerConfig.modelKey(model.id(),
            WorkerConfig.MODEL_MAX_BATCH_SIZE)));
      }
      return registry;
    } catch (IOException | RuntimeException e) {
      models.forEach(m -> m.loaded().close());
      throw e;
    }
  }

  public List<ServedModel> models() {
    return models;
  }

  /**
   * The model for each distinct requested task: the {@code model_override} where it serves that
   * task, else the route of the frame's modality for the task, else the task's default route.
   *
   * @param override {@code name} (highest loaded version) or {@code name:version}, or null
   * @throws RejectedFrameException UNKNOWN_MODEL when the override is not loaded or serves none
   *     of the tasks; NO_ROUTE when a task has no route from {@code modality}
   */
  public List<Route> route(List<Task> tasks, Modality modality, String override)
      throws RejectedFrameException {
    ServedModel chosen = null;
    if (override != null) {
      chosen = find(override).orElseThrow(() -> new RejectedFrameException(
          DeadLetterReason.UNKNOWN_MODEL, "model override '" + override
              + "' is not loaded on this worker (loaded: " + loadedKeys() + ")"));
      if (!tasks.contains(chosen.task())) {
        throw new RejectedFrameException(DeadLetterReason.UNKNOWN_MODEL, "model override '"
            + override + "' serves " + chosen.task() + ", the frame asks for " + tasks);
      }
    }
    List<Route> out = new ArrayList<>();
    for (Task task : new LinkedHashSet<>(tasks)) {
      if (chosen != null && chosen.task() == task) {
        out.add(new Route(task, chosen));
        continue;
      }
      TaskRoutes table = routes.get(task);
      String target = table.target(modality);
      if (target.isEmpty()) {
        throw new RejectedFrameException(DeadLetterReason.NO_ROUTE, "no model is routed for "
            + task + " from modality " + modality + " on this worker ("
            + table.source(modality) + " is empty)");
      }
      out.add(new Route(task, find(target).orElseThrow()));
    }
    return out;
  }

  @Override
  public void close() {
    models.forEach(m -> m.loaded().close());
  }

  private Optional<ServedModel> find(String nameOrKey) {
    return resolve(nameOrKey, models);
  }

  private static Optional<ServedModel> resolve(String nameOrKey, List<ServedModel> models) {
    return TaskRoutes.resolve(nameOrKey, models.stream().map(ServedModel::key).toList())
        .flatMap(key -> models.stream().filter(m -> m.key().equals(key)).findFirst());
  }

  private String loadedKeys() {
    return models.stream().map(ServedModel::key).collect(Collectors.joining(", "));
  }

  private static ServedModel loadOne(WorkerConfig config, String id, ConfigProto options,
      InvolutionLibrary library) throws IOException {
    Path dir = Path.of(config.getString(WorkerConfig.modelKey(id, WorkerConfig.MODEL_DIR)));
    LoadedModel loaded = ModelLoader.load(dir, options);
    try {
      // Random weights answer every frame with confidence; only a benchmark should get them.
      if (!loaded.info().trained()
          && !config.getBoolean(WorkerConfig.modelKey(id, WorkerConfig.MODEL_ALLOW_UNTRAINED))) {
        throw new IllegalStateException("Model " + loaded.info().name() + ":"
            + loaded.info().version() + " at " + dir + " was never trained (its card says "
            + "training.trained false); set " + WorkerConfig.modelKey(id,
            WorkerConfig.MODEL_ALLOW_UNTRAINED) + "=true to serve it anyway, e.g. to benchmark");
      }
      Task task = switch (loaded.info().task()) {
        case "classify" -> Task.CLASSIFY;
        case "segment" -> Task.SEGMENT;
        default -> throw new IllegalStateException("Model at " + dir + " has task '"
            + loaded.info().task() + "'; the worker serves classify and segment");
      };
      boolean usesOps = !ModelLoader.customOps(dir).isEmpty();
      String exportedWith = loaded.info().opLibrarySha256();
      if (usesOps && exportedWith != null && !exportedWith.equals(library.sha256())) {
        // Expected after the kernel is rebuilt or tuned: the op's contract is unchanged, and every
        // result names the library that actually produced it.
        LOG.info("Model {}:{} was exported with op library {} and runs with {}",
            loaded.info().name(), loaded.info().version(), shortSha(exportedWith),
            shortSha(library.sha256()));
      }
      return new ServedModel(id, loaded, task, usesOps ? library.sha256() : null,
          config.getDouble(WorkerConfig.modelKey(id, WorkerConfig.MODEL_REVIEW_THRESHOLD)),
          config.uncertaintyMethod(id));
    } catch (IOException | RuntimeException e) {
      loaded.close();
      throw e;
    }
  }

  private static Map<Task, TaskRoutes> routing(WorkerConfig config, List<ServedModel> models) {
    Map<Task, TaskRoutes> routes = new EnumMap<>(Task.class);
    for (Task task : Task.values()) {
      TaskRoutes table = TaskRoutes.of(config, task);
      for (Modality modality : Modality.values()) {
        String target = table.target(modality);
        if (target.isEmpty()) {
          continue;
        }
        ServedModel model = resolve(target, models).orElseThrow(() -> new IllegalStateException(
            table.source(modality) + " names model '" + target + "', which is not among the "
            + "loaded models (" + models.stream().map(ServedModel::key)
                .collect(Collectors.joining(", ")) + ")"));
        if (model.task() != task) {
          throw new IllegalStateException(table.source(modality) + " names model '" + target
              + "', which serves " + model.task() + ", not " + task);
        }
      }
      routes.put(task, table);
    }
    return routes;
  }

  private static void warmUp(ServedModel model, int batchSize) {
    long start = System.nanoTime();
    // Each frame runs as its views: the session's largest batch is that many times larger.
    int images = batchSize * model.uncertainty().views();
    int floats = images * model.inputHeight() * model.inputWidth() * 3;
    // The largest batch: a shape the device cannot hold fails here, not on live traffic. And the
    // outputs serving fetches: TensorFlow builds an executor per set of fetches, on first use.
    InferenceStep.SESSION.run(model.loaded(), new float[floats], images);
    if (model.loaded().explains()) {
      // The executor for explaining batches; one image builds it as well as the largest batch.
      InferenceStep.SESSION.run(model.loaded(), new float[floats / images], 1, true);
    }
    LOG.info("Model {} ({}) ready: {}x{} input, uncertainty {}, warm-up batch of {} in {} ms",
        model.key(), model.task(), model.inputHeight(), model.inputWidth(),
        model.uncertainty().configName(), images,
        (System.nanoTime() - start) / 1_000_000);
  }

  private static String shortSha(String sha) {
    return sha.substring(0, Math.min(12, sha.length()));
  }
}
