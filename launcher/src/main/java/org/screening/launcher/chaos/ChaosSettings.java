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
 * @param rate frames per second offered in the scenarios other than overload and soak
 * @param soakSeconds how long the soak scenario offers 70% of the capacity
 */
public record ChaosSettings(Path home, Path jar, boolean quick, int loadSeconds,
    int overloadSeconds, double rate, int soakSeconds) {

  /** The soak's short form, in every run but {@code --soak}. */
  static final int SHORT_SOAK_SECONDS = 120;
  /** {@code --soak}: long enough for slow growth to stand out of the noise. */
  static final int LONG_SOAK_SECONDS = 900;

  /** The figures: 60 s of overload, 20 s of load around the other faults. */
  public static ChaosSettings full(Path home) {
    return new ChaosSettings(home, jar(home), false, 20, 60, 30, SHORT_SOAK_SECONDS);
  }

  /** A few seconds of load per scenario, for CI on two cores. */
  public static ChaosSettings quick(Path home) {
    return new ChaosSettings(home, jar(home), true, 8, 10, 30, SHORT_SOAK_SECONDS);
  }

  /** The same with the long soak. */
  public ChaosSettings withLongSoak() {
    return new ChaosSettings(home, jar, quick, loadSeconds, overloadSeconds, rate,
        LONG_SOAK_SECONDS);
  }

  /** How long to wait, after the load, for the last results before counting frames lost. */
  Duration patience() {
    return Duration.ofSeconds(quick ? 60 : 120);
  }

  /** The jar this code runs from, or the launcher's under {@code home} (tests run from classes). */
  public static Path jar(Path home) {
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
