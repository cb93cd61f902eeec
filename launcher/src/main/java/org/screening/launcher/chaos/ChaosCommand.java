package org.screening.launcher.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code screening chaos}: each scenario starts a real broker, gateway nodes and workers as
 * processes of their own, streams frames with known ids, injects its fault, and accounts for
 * every frame at its client. Exit status 0 only if every scenario passed: no frame lost, none
 * handed to a client twice, no upload unanswered, no dead letter, and its own checks held.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
    description = {"Fault injection on a real deployment on this machine: worker-kill, "
        + "broker-restart, broker-graceful-restart, gateway-kill, gateway-freeze, slow-worker, "
        + "rebalance, overload, soak.",
        "Per scenario: frames sent, results, lost, duplicates delivered, uploads unanswered, "
            + "dead letters, recovery time; with --json the last line is one JSON object."})
public final class ChaosCommand implements Callable<Integer> {

  @Option(names = "--scenario", paramLabel = "NAME",
      description = "run only this scenario (repeatable); default: all")
  List<String> scenarios = new ArrayList<>();

  @Option(names = "--json", description = "end with one JSON line: {\"scenarios\":[...]}")
  boolean json;

  @Option(names = "--quick",
      description = "seconds of load instead of the full phases (60 s overload): what CI runs")
  boolean quick;

  @Option(names = "--soak",
      description = "soak for 15 minutes instead of 2")
  boolean soak;

  @Option(names = "--home", defaultValue = "${sys:screening.home:-.}", hidden = true)
  Path home;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    // The run's own Kafka clients warn at every retry while the broker is away, which is the
    // point of the run; the scenario lines say what matters.
    System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    ChaosSettings settings = quick ? ChaosSettings.quick(home) : ChaosSettings.full(home);
    if (soak) {
      settings = settings.withLongSoak();
    }
    List<String> names = scenarios.isEmpty() ? Scenarios.names() : scenarios;
    List<ScenarioReport> reports = new ArrayList<>();
    for (String name : names) {
      out.println("chaos: " + name + "...");
      reports.add(Scenarios.run(name, settings, out));
    }
    boolean passed = reports.stream().allMatch(ScenarioReport::passed);
    out.println(passed ? "chaos: no frame lost, none delivered twice, every upload answered"
        : "chaos: FAILED: see the scenarios marked FAIL above");
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(
          Map.of("scenarios", reports.stream().map(ScenarioReport::json).toList())));
    }
    return passed ? 0 : 1;
  }
}
