package org.screening.launcher.chaos;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.screening.launcher.Screening;

/**
 * What a chaos run needs to know about its surroundings and how long it lasts: the project home
 * (models, demo images), the jar the child processes run, and the load phases, full or quick
 * (the quick form is what CI runs).
 *
 * @param loadSeconds how long each scenario streams frames around its fault
 * @param overloadSeconds how long the overload scenario offers twice the capacity
 * @param rate frames per second offered in the scenarios other than overload
 */
public record ChaosSettings(Path home, Path jar, boolean quick, int loadSeconds,
    int overloadSeconds, double rate) {

  /** The figures: 60 s of overload, 20 s of load around the other faults. */
  public static ChaosSettings full(Path home) {
    return new ChaosSettings(home, jar(home), false, 20, 60, 30);
  }

  /** A few seconds of load per scenario, for CI on two cores. */
  public static ChaosSettings quick(Path home) {
    return new ChaosSettings(home, jar(home), true, 8, 10, 30);
  }

  /** How long to wait, after the load, for the last results before counting frames lost. */
  Duration patience() {
    return Duration.ofSeconds(quick ? 60 : 120);
  }

  /** The jar this code runs from, or the launcher's under {@code home} (tests run from classes). */
  private static Path jar(Path home) {
    try {
      Path running = Path.of(Screening.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI());
      if (Files.isRegularFile(running) && running.toString().endsWith(".jar")) {
        return running;
      }
    } catch (URISyntaxException | SecurityException e) {
      // Fall back to the build's own output.
    }
    return home.resolve("launcher/target/screening.jar");
  }
}
