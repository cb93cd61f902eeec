package org.screening.launcher.chaos;

import java.io.PrintStream;
import org.screening.launcher.demo.DemoFeed;

/** One fault, injected into a real deployment under load, and the verdict on every frame. */
interface Scenario {

  /** The name {@code --scenario} takes. */
  String name();

  /** One line for {@code --help} and the README. */
  String description();

  ScenarioReport run(ChaosSettings settings, DemoFeed images, PrintStream out) throws Exception;
}
