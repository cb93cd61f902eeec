package org.screening.workers.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a model's results get their uncertainty ({@code models.<id>.uncertainty}); results name it
 * in {@code uncertainty_method}.
 *
 * <p>No MC-dropout: the exported SavedModels hold only the inference branch (Med-IC Cls has no
 * dropout at all; Med-IC Seg trains with dropout 0.1, but its serving graph has none), so there
 * is nothing to sample without re-exporting with dropout behind a switch.
 */
public enum UncertaintyMethod {
  /** Entropy of the one prediction on the frame as it is: no extra cost. */
  ENTROPY,
  /**
   * Test-time augmentation: the batch, flipped left-right and upside-down, runs in the same
   * {@code Session.run} as a batch three times the size; the entropy of the mean of the three
   * predictions also rises where the views disagree.
   */
  FLIPS;

  /** Images run per frame. */
  public int views() {
    return this == FLIPS ? 3 : 1;
  }

  /** As written in the config and in results. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static UncertaintyMethod parse(String key, String value) {
    return Arrays.stream(values()).filter(m -> m.configName().equals(value.strip())).findFirst()
        .orElseThrow(() -> new ConfigException(key + " must be one of " + Arrays.stream(values())
            .map(UncertaintyMethod::configName).collect(Collectors.joining(", "))
            + ", got '" + value + "'"));
  }
}
