package org.screening.summaries;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the summaries role needs to run. Each knob has a named default that runs on one laptop.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param applicationId the Kafka Streams application id: instances sharing it split the
 *     partitions between them, and its state and offsets are kept under it
 * @param stateDir where the local state stores live (rebuilt from their changelogs when lost)
 * @param topK how many of the highest tile scores the slide score averages, and how many tiles the
 *     summary lists
 * @param scoreLabel the label whose probability is a frame's score; empty for the top-1 probability
 * @param positiveThreshold a screened procedure frame with a score at least this is positive
 * @param idleTimeout a feed silent this long is summarised with what it has
 * @param punctuateInterval how often open feeds are checked for idleness
 * @param closedRetention how long a summarised feed stays closed, so that late duplicates of its
 *     frames and results do not start a second case
 * @param clientProperties Kafka client properties for the streams' clients (security protocol,
 *     SASL through a config provider); the role's own settings take precedence
 */
public record SummariesConfig(String bootstrapServers, String applicationId, Path stateDir,
    int topK, String scoreLabel, float positiveThreshold, Duration idleTimeout,
    Duration punctuateInterval, Duration closedRetention, Map<String, String> clientProperties) {

  public static final String DEFAULT_APPLICATION_ID = "screening-summaries";
  public static final int DEFAULT_TOP_K = 5;
  public static final String DEFAULT_SCORE_LABEL = "";
  public static final float DEFAULT_POSITIVE_THRESHOLD = 0.5f;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_PUNCTUATE_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_CLOSED_RETENTION = Duration.ofHours(1);

  public SummariesConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("summaries: bootstrap servers are required");
    }
    if (topK < 1) {
      throw new IllegalArgumentException("summaries: topK must be at least 1, got " + topK);
    }
    if (!(positiveThreshold >= 0 && positiveThreshold <= 1)) {
      throw new IllegalArgumentException(
          "summaries: positiveThreshold must be in [0, 1], got " + positiveThreshold);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()
        || punctuateInterval.isNegative() || punctuateInterval.isZero()) {
      throw new IllegalArgumentException("summaries: timeouts and intervals must be positive");
    }
    clientProperties = Map.copyOf(clientProperties);
  }

  /** The defaults for a broker at {@code bootstrapServers}, state under {@code stateDir}. */
  public static SummariesConfig defaults(String bootstrapServers, Path stateDir) {
    return new SummariesConfig(bootstrapServers, DEFAULT_APPLICATION_ID, stateDir, DEFAULT_TOP_K,
        DEFAULT_SCORE_LABEL, DEFAULT_POSITIVE_THRESHOLD, DEFAULT_IDLE_TIMEOUT,
        DEFAULT_PUNCTUATE_INTERVAL, DEFAULT_CLOSED_RETENTION, Map.of());
  }

  public SummariesConfig withApplicationId(String id) {
    return new SummariesConfig(bootstrapServers, id, stateDir, topK, scoreLabel,
        positiveThreshold, idleTimeout, punctuateInterval, closedRetention, clientProperties);
  }

  public SummariesConfig withIdleTimeout(Duration timeout) {
    return new SummariesConfig(bootstrapServers, applicationId, stateDir, topK, scoreLabel,
        positiveThreshold, timeout, punctuateInterval, closedRetention, clientProperties);
  }

  public SummariesConfig withScoring(int k, String label, float threshold) {
    return new SummariesConfig(bootstrapServers, applicationId, stateDir, k, label, threshold,
        idleTimeout, punctuateInterval, closedRetention, clientProperties);
  }

  public SummariesConfig withClientProperties(Map<String, String> properties) {
    return new SummariesConfig(bootstrapServers, applicationId, stateDir, topK, scoreLabel,
        positiveThreshold, idleTimeout, punctuateInterval, closedRetention, properties);
  }
}
