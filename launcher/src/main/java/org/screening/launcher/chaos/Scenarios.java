package org.screening.launcher.chaos;

import java.io.PrintStream;
import java.util.List;
import org.screening.launcher.demo.DemoFeed;
import org.screening.launcher.demo.DemoImages;

/** Every chaos scenario, in the order {@code screening chaos} runs them. */
public final class Scenarios {

  static final List<Scenario> ALL = List.of(
      new WorkerKillScenario(),
      new BrokerRestartScenario(false),
      new BrokerRestartScenario(true),
      new GatewayKillScenario(),
      new GatewayFreezeScenario(),
      new SlowWorkerScenario(),
      new RebalanceScenario(),
      new OverloadScenario(),
      new SoakScenario());

  private Scenarios() {}

  public static List<String> names() {
    return ALL.stream().map(Scenario::name).toList();
  }

  /** Runs the named scenario; its human line goes to {@code out}. */
  public static ScenarioReport run(String name, ChaosSettings settings, PrintStream out)
      throws Exception {
    Scenario scenario = ALL.stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "No scenario '" + name + "'; there are " + names()));
    DemoFeed images = DemoImages.feed(settings.home(), out);
    ScenarioReport report = scenario.run(settings, images, out);
    out.println(report.line());
    return report;
  }
}
