package org.screening.workers.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.Task;
import org.screening.workers.config.ConfigException;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.export.ModelCard;
import org.screening.workers.export.ModelImport;
import org.screening.workers.export.ModelInfo;
import org.screening.workers.inference.TaskRoutes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code screening models}: what a worker config would serve, and bringing in outside models. */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "List the models a worker config serves; import a SavedModel trained elsewhere.",
    subcommands = {ModelsCommand.ListModels.class, ModelsCommand.ImportModel.class})
public final class ModelsCommand implements Runnable {

  @Override
  public void run() {
    System.out.println("Usage: screening models list [--config FILE] | import DIR --task ... "
        + "--labels ...");
  }

  /**
   * {@code screening models list}: every model of a worker config, read from its card (no
   * session is loaded), with the routes that reach it.
   */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = {"Print every model a worker config serves: task, input, parameters, "
          + "provenance, calibration, whether it was trained, and the routes that reach it.",
          "Reads the same config file and SCREENING_WORKER_* variables as 'screening worker'."})
  static final class ListModels implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE",
        description = "worker config (JSON); without it, the defaults and the environment")
    Path config;

    @Override
    public Integer call() {
      WorkerConfig settings;
      try {
        settings = config == null ? WorkerConfig.fromEnvironment(System.getenv())
            : WorkerConfig.load(config, System.getenv());
      } catch (ConfigException e) {
        System.err.println("models list: " + e.getMessage());
        return 1;
      }
      return list(settings, System.out, System.err);
    }
  }

  /** Prints {@code config}'s models; 1 when a card cannot be read or a route reaches nothing. */
  static int list(WorkerConfig config, PrintStream out, PrintStream err) {
    Map<String, ModelInfo> cards = new TreeMap<>();
    Map<String, String> dirs = new TreeMap<>();
    int status = 0;
    for (String id : config.modelIds()) {
      String dir = config.getString(WorkerConfig.modelKey(id, WorkerConfig.MODEL_DIR));
      try {
        cards.put(id, ModelInfo.read(Path.of(dir)));
        dirs.put(id, dir);
      } catch (Exception e) {
        err.println("models." + id + ": cannot read the card at " + dir + ": " + e.getMessage());
        status = 1;
      }
    }
    List<String> keys = cards.values().stream().map(i -> i.name() + ":" + i.version()).toList();
    for (Map.Entry<String, ModelInfo> e : cards.entrySet()) {
      ModelInfo info = e.getValue();
      String key = info.name() + ":" + info.version();
      out.println(key + "  (models." + e.getKey() + ", " + dirs.get(e.getKey()) + ")");
      out.println("  task:        " + info.task()
          + (info.labels() == null || info.labels().isEmpty() ? ""
              : ", labels " + String.join(", ", info.labels())));
      ModelInfo.Input in = info.input();
      out.println("  input:       " + in.height() + "x" + in.width() + "x" + in.channels() + " "
          + in.dtype() + " in [" + number(in.min()) + ", " + number(in.max()) + "]");
      out.println("  parameters:  " + String.format(Locale.ROOT, "%,d", info.parameters())
          + (info.involutionLayers() > 0 ? ", " + info.involutionLayers()
              + " involution layer(s)" : ""));
      out.println("  trained:     " + trained(info));
      out.println("  provenance:  weights sha256 " + info.weightsSha256()
          + (info.opLibrarySha256() == null ? "" : ", op library " + info.opLibrarySha256()));
      out.println("  calibration: " + (info.calibration() == null ? "none (served with T = 1)"
          : ModelCard.calibrationLine(info.calibration())));
      List<String> routes = new ArrayList<>();
      for (Task task : Task.values()) {
        TaskRoutes table = TaskRoutes.of(config, task);
        for (Modality modality : table.reaching(key, keys)) {
          routes.add(modality + " (" + table.source(modality) + ")");
        }
      }
      out.println("  routes:      " + (routes.isEmpty() ? "none; only a model_override "
          + "reaches it" : String.join(", ", routes)) + "; model_override " + key
          + (isHighest(key, keys) ? " or " + info.name() : ""));
    }
    for (Task task : Task.values()) {
      TaskRoutes table = TaskRoutes.of(config, task);
      for (Modality modality : Modality.values()) {
        String target = table.target(modality);
        if (!target.isEmpty() && TaskRoutes.resolve(target, keys).isEmpty()) {
          err.println(table.source(modality) + " names '" + target + "', which no model of "
              + "this config is: the worker would not start");
          status = 1;
        }
      }
    }
    return status;
  }

  private static boolean isHighest(String key, List<String> keys) {
    return TaskRoutes.resolve(key.substring(0, key.indexOf(':')), keys).orElse("").equals(key);
  }

  /** What the card says about training: epochs and samples, imported, or never. */
  private static String trained(ModelInfo info) {
    Map<String, Object> t = info.training() == null ? Map.of() : info.training();
    if (t.get("imported_from") != null) {
      return "elsewhere (imported from " + t.get("imported_from") + ")";
    }
    if (t.get("epochs") instanceof Number epochs && epochs.doubleValue() > 0) {
      return "yes, " + epochs + " epochs on " + t.get("train_samples") + " samples of `"
          + t.get("format") + "` data, seed " + t.get("seed")
          + (t.get("held_out_metrics") == null ? "" : "; held out: " + t.get("held_out_metrics"));
    }
    return "no: the card records no training run";
  }

  private static String number(float value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  /** {@code screening models import}: writes the card a SavedModel trained elsewhere needs. */
  @Command(name = "import", mixinStandardHelpOptions = true,
      description = {"Inspect a TF2 SavedModel with one image input and write the "
          + "assets.extra/model.json the worker needs; refuse, saying why, what the worker "
          + "cannot serve.",
          "The serving signature's input and output are renamed to the keys the worker reads "
              + "(image; probabilities or mask); tensors and weights are left as they are."})
  static final class ImportModel implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "the SavedModel folder")
    Path dir;

    @Option(names = "--task", required = true, description = "classify or segment")
    String task;

    @Option(names = "--labels", required = true, split = ",",
        description = "class names in output order (segment: the foreground's name)")
    List<String> labels;

    @Option(names = "--name", description = "model name; default: the folder above a numbered "
        + "version folder, else the folder's name")
    String name;

    @Option(names = "--version", description = "default: the folder's name when a number, else 1")
    String version;

    @Option(names = "--input-range", paramLabel = "MIN,MAX", split = ",",
        description = "the values the input expects, e.g. 0,255; default: guessed from the graph")
    List<Float> range;

    @Option(names = "--output", description = "the signature output to serve, where it has several")
    String output;

    @Override
    public Integer call() {
      if (range != null && range.size() != 2) {
        System.err.println("models import: --input-range takes MIN,MAX, got " + range);
        return 2;
      }
      try {
        ModelImport.Imported imported = ModelImport.run(new ModelImport.Request(dir, task,
            labels, name, version, range == null ? null
                : new float[] {range.get(0), range.get(1)}, output));
        imported.notes().forEach(note -> System.out.println("  " + note));
        ModelInfo info = imported.info();
        System.out.println("imported " + info.name() + ":" + info.version() + " (" + info.task()
            + ", " + info.input().height() + "x" + info.input().width() + ", "
            + String.format(Locale.ROOT, "%,d", info.parameters()) + " parameters): wrote "
            + dir.resolve(ModelInfo.FILE));
        return 0;
      } catch (ModelImport.Refused e) {
        System.err.println("models import: cannot serve " + dir + ": " + e.getMessage());
        return 1;
      } catch (Exception e) {
        System.err.println("models import: " + e.getMessage());
        return 1;
      }
    }
  }
}
