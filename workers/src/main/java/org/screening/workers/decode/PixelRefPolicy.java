package org.screening.workers.decode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.screening.workers.config.WorkerConfig;

/**
 * What a frame's {@code pixels_ref} may name, and how much of it may be read.
 *
 * @param fileRoots directories {@code file://} references must stay under; none: refused
 * @param httpsHosts {@code host} or {@code host:port} that {@code https://} references may name
 * @param trustedCertificates PEM certificates that HTTPS servers are trusted by; null: the JVM's
 */
public record PixelRefPolicy(List<Path> fileRoots, List<String> httpsHosts, int maxBytes,
    Duration timeout, Path trustedCertificates) {

  public static PixelRefPolicy from(WorkerConfig config) {
    String trusted = config.getString(WorkerConfig.REF_TRUSTED_CERTIFICATES).strip();
    return new PixelRefPolicy(
        list(config.getString(WorkerConfig.REF_FILE_ROOTS)).stream().map(Path::of).toList(),
        list(config.getString(WorkerConfig.REF_HTTPS_HOSTS)),
        config.getInt(WorkerConfig.REF_MAX_BYTES),
        Duration.ofMillis(config.getLong(WorkerConfig.REF_TIMEOUT_MS)),
        trusted.isEmpty() ? null : Path.of(trusted));
  }

  private static List<String> list(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::strip)
        .filter(s -> !s.isEmpty()).toList();
  }
}
