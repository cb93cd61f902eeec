package org.screening.summaries.cli;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.screening.health.HealthServer;
import org.screening.summaries.Summarizer;
import org.screening.summaries.SummariesConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code summaries}: runs one instance of the aggregator role until SIGTERM. Instances with the
 * same application id share the partitions; each keeps its stores under its state directory.
 * Serves its health probes and Prometheus metrics on {@code --http-port} from before the streams
 * start until it exits.
 */
@Command(name = "summaries", mixinStandardHelpOptions = true,
    description = {"Runs the summaries role: reads frames and results, writes one summary per "
        + "slide and per procedure to screening.summaries.v1 (Kafka Streams, exactly-once)."})
public final class SummariesCommand implements Callable<Integer> {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  // Required, by option or by variable: an image is configured by its environment alone.
  @Option(names = "--bootstrap-servers",
      defaultValue = "${env:SCREENING_SUMMARIES_BOOTSTRAP_SERVERS}",
      description = "Kafka bootstrap servers (required; SCREENING_SUMMARIES_BOOTSTRAP_SERVERS)")
  String bootstrapServers;

  @Option(names = "--application-id", defaultValue = SummariesConfig.DEFAULT_APPLICATION_ID,
      description = "Kafka Streams application id, shared by the instances of one deployment "
          + "(default ${DEFAULT-VALUE})")
  String applicationId;

  @Option(names = "--state-dir", defaultValue = "${env:SCREENING_SUMMARIES_STATE_DIR}",
      description = "folder for the local stores (required; SCREENING_SUMMARIES_STATE_DIR)")
  Path stateDir;

  @Option(names = "--kafka-config", paramLabel = "FILE",
      description = "Kafka client properties for the streams' clients (security.protocol, "
          + "sasl.*, config providers for secrets)")
  Path kafkaConfig;

  @Option(names = "--top-k", defaultValue = "" + SummariesConfig.DEFAULT_TOP_K,
      description = "tile scores the slide score averages (default ${DEFAULT-VALUE})")
  int topK;

  @Option(names = "--score-label", defaultValue = SummariesConfig.DEFAULT_SCORE_LABEL,
      description = "label whose probability is a frame's score (default: the top-1 probability)")
  String scoreLabel;

  @Option(names = "--positive-threshold",
      defaultValue = "" + SummariesConfig.DEFAULT_POSITIVE_THRESHOLD,
      description = "score from which a procedure frame is positive (default ${DEFAULT-VALUE})")
  float positiveThreshold;

  @Option(names = "--idle-timeout-seconds", defaultValue = "60",
      description = "a feed silent this long is summarised with what it has (default ${DEFAULT-VALUE})")
  long idleSeconds;

  // Named like the worker's http.host and http.port (SCREENING_WORKER_HTTP_*).
  @Option(names = "--http-host", defaultValue = "${env:SCREENING_SUMMARIES_HTTP_HOST:-0.0.0.0}",
      description = "address of /health/* and /metrics (default ${DEFAULT-VALUE}; "
          + "SCREENING_SUMMARIES_HTTP_HOST)")
  String httpHost;

  @Option(names = "--http-port", defaultValue = "${env:SCREENING_SUMMARIES_HTTP_PORT:-8082}",
      description = "port of /health/live, /health/ready, /health/startup and /metrics, 0 for "
          + "any free one (default ${DEFAULT-VALUE}; SCREENING_SUMMARIES_HTTP_PORT)")
  int httpPort;

  /** Runs with only the summaries jar on the class path (its image, its systemd unit). */
  public static void main(String[] args) {
    System.exit(new CommandLine(new SummariesCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    // The Kafka clients log every config at INFO; the status line says what matters.
    System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
    if (bootstrapServers == null || stateDir == null) {
      System.err.println("summaries: --bootstrap-servers and --state-dir (or "
          + "SCREENING_SUMMARIES_BOOTSTRAP_SERVERS and SCREENING_SUMMARIES_STATE_DIR) are required");
      return 2;
    }
    SummariesConfig config = SummariesConfig.defaults(bootstrapServers, stateDir)
        .withApplicationId(applicationId)
        .withScoring(topK, scoreLabel, positiveThreshold)
        .withIdleTimeout(Duration.ofSeconds(idleSeconds))
        .withClientProperties(kafkaConfig == null ? Map.of() : readProperties(kafkaConfig));
    Vertx vertx = Vertx.vertx();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    HealthServer health;
    Summarizer summarizer;
    try {
      health = HealthServer.start(vertx, httpHost, httpPort, registry::scrape).await();
      summarizer = Summarizer.start(config);
    } catch (RuntimeException e) {
      vertx.close().await();
      // A port in use, a bad setting: the message says which.
      System.err.println("summaries: cannot start: " + e.getMessage());
      return 1;
    }
    summarizer.bindTo(registry);
    health.serve(summarizer);
    System.out.println("summaries: health and metrics on port " + health.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      summarizer.close();
      vertx.close();
      stopped.countDown();
    }, "summaries-shutdown"));
    if (!summarizer.awaitRunning(START_TIMEOUT)) {
      System.err.println("summaries: not running after " + START_TIMEOUT.toSeconds()
          + " s (state " + summarizer.state() + "); is the broker reachable?");
      return 1;
    }
    System.out.println("summaries: running (application " + applicationId + ")");
    stopped.await();
    return 0;
  }

  private static Map<String, String> readProperties(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      properties.load(in);
    }
    Map<String, String> out = new TreeMap<>();
    properties.stringPropertyNames().forEach(k -> out.put(k, properties.getProperty(k)));
    return out;
  }
}
