package org.screening.summaries.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.screening.summaries.Summarizer;
import org.screening.summaries.SummariesConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code summaries}: runs one instance of the aggregator role until SIGTERM. Instances with the
 * same application id share the partitions; each keeps its stores under its state directory.
 */
@Command(name = "summaries", mixinStandardHelpOptions = true,
    description = {"Runs the summaries role: reads frames and results, writes one summary per "
        + "slide and per procedure to screening.summaries.v1 (Kafka Streams, exactly-once)."})
public final class SummariesCommand implements Callable<Integer> {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers")
  String bootstrapServers;

  @Option(names = "--application-id", defaultValue = SummariesConfig.DEFAULT_APPLICATION_ID,
      description = "Kafka Streams application id, shared by the instances of one deployment "
          + "(default ${DEFAULT-VALUE})")
  String applicationId;

  @Option(names = "--state-dir", required = true, description = "folder for the local stores")
  Path stateDir;

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

  @Override
  public Integer call() throws InterruptedException {
    SummariesConfig config = SummariesConfig.defaults(bootstrapServers, stateDir)
        .withApplicationId(applicationId)
        .withScoring(topK, scoreLabel, positiveThreshold)
        .withIdleTimeout(Duration.ofSeconds(idleSeconds));
    CountDownLatch stopped = new CountDownLatch(1);
    Summarizer summarizer = Summarizer.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      summarizer.close();
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
}
