package org.screening.gateway.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.screening.gateway.GatewayNode;
import org.screening.gateway.config.ConfigKey;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gateway --config FILE}: runs one clustered gateway node until SIGTERM (or Ctrl-C), then
 * stops it cleanly: streams ended, admissions given back, cluster left.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = {
        "Runs a gateway node: HTTP API for frames and results, clustered with the other nodes.",
        "Configuration: defaults, then --config FILE, then SCREENING_GATEWAY_* environment variables."})
public final class GatewayCommand implements Callable<Integer> {

  private static final long STOP_TIMEOUT_SECONDS = 30;

  @Option(names = "--config", paramLabel = "FILE",
      description = "JSON configuration file; keys it leaves out keep their defaults.")
  Path config;

  @Option(names = "--print-config",
      description = "Print the effective configuration (credentials redacted) and every key's "
          + "environment variable, then exit.")
  boolean printConfig;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new GatewayCommand()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    GatewayConfig effective = GatewayConfig.load(config, System.getenv());
    PrintWriter out = spec.commandLine().getOut();
    if (printConfig) {
      print(effective, out);
      return 0;
    }
    if (effective.get(ConfigKeys.AUTH_API_KEYS).isEmpty()
        && effective.get(ConfigKeys.AUTH_API_KEYS_FILE).isEmpty()) {
      spec.commandLine().getErr().println("gateway: no API keys configured (auth.apiKeys, "
          + "auth.apiKeysFile): every API request will be refused");
    }
    GatewayNode node = GatewayNode.start(effective).await();
    out.printf("gateway node %s listening on %s://%s:%d (cluster '%s', member port %d)%n",
        node.nodeId(), effective.tls() ? "https" : "http", effective.get(ConfigKeys.HTTP_HOST),
        node.port(),
        effective.get(ConfigKeys.CLUSTER_NAME), effective.get(ConfigKeys.CLUSTER_PORT));
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.close().await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("gateway: did not stop cleanly: " + e);
      } finally {
        stopped.countDown();
      }
    }, "gateway-stop"));
    stopped.await();
    return 0;
  }

  private static void print(GatewayConfig config, PrintWriter out) {
    out.println(config.toRedactedJson().encodePrettily());
    out.println();
    out.printf("%-28s %-48s %s%n", "key", "environment variable", "meaning");
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      out.printf("%-28s %-48s %s%n", key.name(), key.envName(), key.description());
    }
    out.flush();
  }
}
