package org.screening.workers.inference;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.Task;
import org.screening.workers.config.WorkerConfig;

/**
 * One task's routes as configured: a target ({@code name} or {@code name:version}) for the
 * modalities in {@code byModality} (empty: no route), {@code defaultTarget} for the others.
 */
public record TaskRoutes(Task task, String defaultTarget, Map<Modality, String> byModality) {

  public TaskRoutes {
    byModality = Map.copyOf(byModality);
  }

  /** {@code task}'s routes in {@code config}. */
  public static TaskRoutes of(WorkerConfig config, Task task) {
    return new TaskRoutes(task, config.getString(WorkerConfig.defaultRouteKey(task)).strip(),
        config.modalityRoutes(task));
  }

  /** The model the task goes to from {@code modality}; empty: none. */
  public String target(Modality modality) {
    return byModality.getOrDefault(modality, defaultTarget);
  }

  /** The config key the target of {@code modality} comes from. */
  public String source(Modality modality) {
    return byModality.containsKey(modality) ? WorkerConfig.routeKey(task, modality)
        : WorkerConfig.defaultRouteKey(task);
  }

  /** The modalities whose route for this task reaches {@code key} among {@code keys}. */
  public List<Modality> reaching(String key, Collection<String> keys) {
    return Arrays.stream(Modality.values())
        .filter(m -> resolve(target(m), keys).filter(key::equals).isPresent())
        .toList();
  }

  /**
   * The {@code name:version} among {@code keys} that {@code target} names: itself, or the
   * highest version of a bare name; empty for an empty target or one not among them.
   */
  public static Optional<String> resolve(String target, Collection<String> keys) {
    if (target.isEmpty()) {
      return Optional.empty();
    }
    if (target.indexOf(':') >= 0) {
      return keys.stream().filter(target::equals).findFirst();
    }
    return keys.stream().filter(k -> k.substring(0, k.indexOf(':')).equals(target))
        .max(Comparator.comparing(k -> k.substring(k.indexOf(':') + 1),
            TaskRoutes::compareVersions));
  }

  /** Numeric where both versions are numbers (10 after 9), text order otherwise. */
  private static int compareVersions(String a, String b) {
    if (a.matches("\\d{1,18}") && b.matches("\\d{1,18}")) {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
    return a.compareTo(b);
  }
}
