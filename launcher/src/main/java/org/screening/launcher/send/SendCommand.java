package org.screening.launcher.send;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code screening send}: real sources into the pipeline. */
@Command(name = "send", mixinStandardHelpOptions = true,
    description = "Sends a real source as frames: a whole-slide image, a video, DICOM files.",
    subcommands = {SendCommand.Slide.class, SendCommand.Video.class, SendCommand.Dicom.class})
public final class SendCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  static Progress.Factory progress(PrintStream out) {
    return (unit, total) -> new Progress(out, System.console() != null, unit, total);
  }

  /** {@code send slide FILE}: a pyramidal TIFF cut into tiles, background skipped. */
  @Command(name = "slide", mixinStandardHelpOptions = true,
      description = {"Cuts a pyramidal TIFF slide into tiles at one level, skips background "
          + "tiles by a tissue mask on the lowest level, and sends each tile as a BATCH frame "
          + "with its position; the last line is the summary."})
  static final class Slide implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "pyramidal (tiled) TIFF")
    Path file;

    @Mixin
    Destination destination = new Destination();

    @Option(names = "--level", defaultValue = "0",
        description = "pyramid level to tile, 0 = full resolution (default ${DEFAULT-VALUE})")
    int level;

    @Option(names = "--tile-size", defaultValue = "256",
        description = "tile width and height in pixels of that level (default ${DEFAULT-VALUE})")
    int tileSize;

    @Option(names = "--min-tissue", defaultValue = "0.25",
        description = "fraction of a tile that must be tissue for it to be sent "
            + "(default ${DEFAULT-VALUE})")
    double minTissue;

    @Override
    public Integer call() throws Exception {
      Identity identity = destination.identity("slide");
      try (FrameSink sink = destination.open()) {
        SendReport report = new SlideSender(sink, identity)
            .send(file, new SlideSender.Options(level, tileSize, minTissue), progress(System.out));
        System.out.println(report.line());
        return 0;
      } catch (SendFailedException e) {
        System.err.println("send: " + e.getMessage());
        return 1;
      }
    }
  }

  /** {@code send video FILE}: a video as a LIVE feed at its frame rate. */
  @Command(name = "video", mixinStandardHelpOptions = true,
      description = {"Decodes a video with FFmpeg (H.264/MP4 and whatever else it reads, or a "
          + "device path) and sends it as a LIVE feed at its frame rate, each frame with its "
          + "capture time; the last frame closes the procedure. The last line is the summary."})
  static final class Video implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "video file or device path")
    Path file;

    @Mixin
    Destination destination = new Destination();

    @Option(names = "--fps", defaultValue = "0",
        description = "frames per second to send at (default: the video's own rate)")
    double fps;

    @Override
    public Integer call() throws Exception {
      Identity identity = destination.identity("procedure");
      try (FrameSink sink = destination.open()) {
        SendReport report = new VideoSender(sink, identity).send(file, fps, progress(System.out));
        System.out.println(report.line());
        return 0;
      } catch (SendFailedException e) {
        System.err.println("send: " + e.getMessage());
        return 1;
      }
    }
  }

  /** {@code send dicom FILE...}: DICOM files as one feed, identifiers left behind. */
  @Command(name = "dicom", mixinStandardHelpOptions = true,
      description = {"Decodes DICOM files with DCMTK (uncompressed, RLE, JPEG baseline and "
          + "lossless; single- and multi-frame) and sends their frames in order as one BATCH "
          + "feed, modality from the file. Frames get random ids; no identifier from the header "
          + "is copied. The last line is the summary."})
  static final class Dicom implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "DICOM files, in feed order")
    List<Path> files;

    @Mixin
    Destination destination = new Destination();

    @Option(names = "--mapping", paramLabel = "CSV",
        description = "write which file and frame each frame id came from to this local file")
    Path mapping;

    @Override
    public Integer call() throws Exception {
      Identity identity = destination.identity("dicom");
      try (FrameSink sink = destination.open()) {
        SendReport report = new DicomSender(sink, identity)
            .send(files, mapping, progress(System.out));
        System.out.println(report.line());
        return 0;
      } catch (SendFailedException e) {
        System.err.println("send: " + e.getMessage());
        return 1;
      }
    }
  }
}
