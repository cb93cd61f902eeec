package org.screening.launcher.send;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** {@code send}'s sources for code that runs them itself (the demo, tests): Kafka as destination. */
public final class CaseSend {

  private CaseSend() {}

  /** Sends a slide cut at {@code level} into {@code tileSize} tiles, as {@code send slide} does. */
  public static SendReport slide(String bootstrapServers, String tenant, String feed, Path file,
      int level, int tileSize, double minTissue, PrintStream out)
      throws IOException, InterruptedException, SendFailedException {
    try (FrameSink sink = new KafkaSink(bootstrapServers)) {
      return new SlideSender(sink, new Identity(tenant, feed, Identity.randomCaseId(), null))
          .send(file, new SlideSender.Options(level, tileSize, minTissue),
              SendCommand.progress(out));
    }
  }

  /** Sends a video as a LIVE feed at {@code fps} (0: its own rate), as {@code send video} does. */
  public static SendReport video(String bootstrapServers, String tenant, String feed, Path file,
      double fps, PrintStream out) throws IOException, InterruptedException, SendFailedException {
    try (FrameSink sink = new KafkaSink(bootstrapServers)) {
      return new VideoSender(sink, new Identity(tenant, feed, Identity.randomCaseId(), null))
          .send(file, fps, SendCommand.progress(out));
    }
  }

  /** Sends DICOM files as one BATCH feed, as {@code send dicom} does. */
  public static SendReport dicom(String bootstrapServers, String tenant, String feed,
      java.util.List<Path> files, PrintStream out)
      throws IOException, InterruptedException, SendFailedException {
    try (FrameSink sink = new KafkaSink(bootstrapServers)) {
      return new DicomSender(sink, new Identity(tenant, feed, Identity.randomCaseId(), null))
          .send(files, null, SendCommand.progress(out));
    }
  }

  /** Sends DICOM files to a gateway over HTTP with {@code apiKey}, as {@code send dicom --gateway}. */
  public static SendReport dicomOverHttp(java.net.URI gateway, String apiKey, String tenant,
      String feed, java.util.List<Path> files, PrintStream out)
      throws IOException, InterruptedException, SendFailedException {
    try (FrameSink sink = new HttpSink(gateway, apiKey)) {
      return new DicomSender(sink, new Identity(tenant, feed, Identity.randomCaseId(), null))
          .send(files, null, SendCommand.progress(out));
    }
  }
}
