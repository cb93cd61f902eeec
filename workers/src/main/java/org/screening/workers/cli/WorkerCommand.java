package org.screening.workers.cli;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.screening.health.HealthServer;
import org.screening.workers.config.ConfigKey;
import org.screening.workers.config.EnvironmentVariables;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.stream.Worker;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code screening worker}: consumes frames, runs the models in micro-batches and publishes
 * results until SIGTERM, then finishes what it holds, commits and leaves the group. Serves its
 * health probes and Prometheus metrics on {@code http.port} from before the models load until
 * it exits (unready while it drains).
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = {"Screen frames from Kafka: decode, micro-batch, run the Med-IC models, publish "
        + "results and dead letters.",
        "Every config key can be set by an environment variable: "
            + EnvironmentVariables.PREFIX + "<KEY> (see --describe-config)."})
public final class WorkerCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE",
      description = "worker config (JSON); without it, the defaults and the environment")
  Path config;

  @Option(names = "--describe-config",
      description = "list every config key, its variable, default and meaning, and exit")
  boolean describeConfig;

  /** Runs with only the workers jar on the class path, as {@code screening worker} does. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new WorkerCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (describeConfig) {
      describe(System.out);
      return 0;
    }
    // The Kafka clients log every config at INFO; the status line says what matters.
    System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
    WorkerConfig settings = config == null
        ? WorkerConfig.fromEnvironment(System.getenv())
        : WorkerConfig.load(config, System.getenv());
    Vertx vertx = Vertx.vertx();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    Worker worker;
    HealthServer health;
    try {
      // Up before the models load, so that a startup probe sees the loading.
      health = HealthServer.start(vertx, settings.getString(WorkerConfig.HTTP_HOST),
          settings.getInt(WorkerConfig.HTTP_PORT), registry::scrape).await();
      System.out.println("health and metrics on port " + health.port());
      worker = Worker.start(vertx, settings, registry).await();
    } catch (RuntimeException e) {
      vertx.close().await();
      // Refused credentials, a bad setting or a port in use: the message says which.
      System.err.println("worker: cannot start: " + e.getMessage());
      return 1;
    }
    health.serve(worker);
    System.out.println("worker " + worker.id() + " ready");
    vertx.setPeriodic(settings.getLong(WorkerConfig.STATUS_INTERVAL_MS),
        id -> System.out.println(worker.metrics().statusLine()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        worker.close().await(settings.getLong(WorkerConfig.DRAIN_TIMEOUT_MS) + 10_000,
            TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        System.err.println("worker did not stop in time");
      } finally {
        System.out.println("stopped: " + worker.metrics().statusLine());
        vertx.close();
        stopped.countDown();
      }
    }, "screening-worker-shutdown"));
    stopped.await();
    return 0;
  }

  private static void describe(PrintStream out) {
    for (ConfigKey key : WorkerConfig.describe()) {
      out.println(key.name() + "  (" + EnvironmentVariables.nameOf(key.name()) + ")");
      out.println("    default: " + (key.defaultValue() == null ? "(required)"
          : key.defaultValue().isEmpty() ? "(empty)" : key.defaultValue()));
      out.println("    " + key.doc());
    }
  }
}
