package org.screening.launcher.send;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The prepared case data ({@code data/cases.sh}): a pyramidal slide, an H.264 clip and DICOM
 * samples built from pinned packages. Built on first use, like the demo's images.
 */
public final class CaseData {

  private static final long BUILD_TIMEOUT_MINUTES = 10;

  private final Path dir;

  private CaseData(Path dir) {
    this.dir = dir;
  }

  /** The data under {@code home}/data/prepared/cases, running data/cases.sh first if needed. */
  public static CaseData at(Path home, PrintStream out) throws IOException, InterruptedException {
    Path dir = home.resolve("data/prepared/cases");
    if (!Files.exists(dir.resolve("slide.tif")) || !Files.exists(dir.resolve("clip.mp4"))
        || !Files.isDirectory(dir.resolve("dicom"))) {
      out.println("preparing the case data from pinned packages (once): data/cases.sh");
      Process build = new ProcessBuilder(List.of("bash", home.resolve("data/cases.sh").toString(),
          home.resolve("data/cache").toString(), dir.toString()))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
      if (!build.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        build.destroyForcibly();
        throw new IOException("data/cases.sh did not finish in " + BUILD_TIMEOUT_MINUTES + " min");
      }
      if (build.exitValue() != 0) {
        throw new IOException("data/cases.sh failed with exit code " + build.exitValue());
      }
    }
    return new CaseData(dir);
  }

  public Path slide() {
    return dir.resolve("slide.tif");
  }

  public Path clip() {
    return dir.resolve("clip.mp4");
  }

  public Path dicom() {
    return dir.resolve("dicom");
  }
}
