package org.screening.launcher.bench.compute;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.inference.InferenceStep;
import org.screening.workers.inference.LoadedModel;
import org.screening.workers.inference.ModelLoader;
import org.screening.workers.inference.SessionOptions;

/**
 * A served model's bare session (the worker's own {@link InferenceStep#SESSION}, loaded with the
 * worker's default session options) at several batch sizes, on the same random images, timed side
 * by side so a load spike on the shared machine slows every batch size alike.
 */
public final class ModelBench {

  /** What to run: the model folder, the batch sizes, timed rounds and budget per batch size. */
  public record Settings(Path modelDir, List<Integer> batches, int repeats, long budgetMillis) {
    public Settings {
      batches = List.copyOf(batches);
      if (batches.isEmpty() || batches.stream().anyMatch(b -> b < 1)) {
        throw new IllegalArgumentException("Need batch sizes >= 1, got " + batches);
      }
      if (!batches.contains(1)) {
        throw new IllegalArgumentException("The batching gain needs batch size 1, got " + batches);
      }
    }
  }

  private final Settings settings;
  private final PrintWriter log;

  public ModelBench(Settings settings, PrintWriter log) {
    this.settings = settings;
    this.log = log;
  }

  public ModelBenchReport run() throws IOException {
    try (LoadedModel model = ModelLoader.load(settings.modelDir(),
        SessionOptions.from(WorkerConfig.defaults()))) {
      log.printf("Timing %s at batch sizes %s...%n", model.info().name(), settings.batches());
      log.flush();
      List<BatchThroughput> rows =
          measure(model, settings.batches(), settings.repeats(), settings.budgetMillis());
      return ModelBenchReport.of(model.info().name(), rows, Machine.current());
    }
  }

  /** Throughput of {@code model}'s session at each batch size, in the order given. */
  public static List<BatchThroughput> measure(LoadedModel model, List<Integer> batches,
      int repeats, long budgetMillis) {
    int imageFloats = model.info().input().height() * model.info().input().width() * 3;
    float[] pool = randomImages(batches.stream().mapToInt(Integer::intValue).max().orElseThrow()
        * imageFloats);
    List<Runnable> steps = new ArrayList<>();
    for (int batch : batches) {
      float[] images = Arrays.copyOf(pool, batch * imageFloats);
      steps.add(() -> InferenceStep.SESSION.run(model, images, batch));
    }
    List<Timing> timings = new Timer(repeats, budgetMillis).time(steps);
    List<BatchThroughput> rows = new ArrayList<>();
    for (int i = 0; i < batches.size(); i++) {
      rows.add(BatchThroughput.of(batches.get(i), timings.get(i)));
    }
    return rows;
  }

  /** Fixed seed: every run, and every batch size, sees the same pixels. */
  private static float[] randomImages(int floats) {
    Random random = new Random(42);
    float[] values = new float[floats];
    for (int i = 0; i < floats; i++) {
      values[i] = random.nextFloat();
    }
    return values;
  }
}
