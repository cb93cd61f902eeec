package org.screening.launcher.send;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.ImageEncoding;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Task;

/**
 * Sends a video as a LIVE feed at its frame rate: frame i is due at start + i / fps and carries that
 * instant as its capture time, as a tower's capture card would. A sender held back by the
 * destination catches up without skipping (dropping stale frames is the worker's job, reported
 * in its results). The last frame is marked, which closes the procedure.
 */
final class VideoSender {

  private final FrameSink sink;
  private final Identity identity;

  VideoSender(FrameSink sink, Identity identity) {
    this.sink = sink;
    this.identity = identity;
  }

  /** @param fps frames per second, or 0 for the video's own rate */
  SendReport send(Path file, double fps, Progress.Factory progressFactory)
      throws IOException, InterruptedException, SendFailedException {
    try (VideoFile video = VideoFile.open(file)) {
      VideoFile.Info info = video.info();
      double rate = fps > 0 ? fps : info.fps();
      Progress progress = progressFactory.create("frames", -1);
      byte[] current = video.next();
      long startNanos = System.nanoTime();
      long startMillis = System.currentTimeMillis();
      long sent = 0;
      while (current != null) {
        byte[] following = video.next();
        long offsetNanos = (long) (sent * 1e9 / rate);
        long wait = startNanos + offsetNanos - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        Instant capture = Instant.ofEpochMilli(startMillis + offsetNanos / 1_000_000);
        sink.send(frame(info, sent, capture, current, following == null));
        sent++;
        progress.update(sent);
        current = following;
      }
      video.finish();
      sink.flush();
      progress.finish();
      return new SendReport("video", identity.feed(), sent, 0, progress.seconds(),
          sink.pushbacks());
    }
  }

  private Frame frame(VideoFile.Info info, long sequence, Instant capture, byte[] rgb,
      boolean last) {
    return Frame.newBuilder()
        .setFrameId(identity.frameId(sequence))
        .setTenant(identity.tenant())
        .setFeedId(identity.feed())
        .setSequence(sequence)
        .setCaptureTime(capture)
        .setModality(Modality.ENDOSCOPY_FRAME)
        .setEncoding(ImageEncoding.JPEG)
        .setWidth(info.width())
        .setHeight(info.height())
        .setChannels(3)
        .setPixels(ByteBuffer.wrap(Images.jpeg(toImage(info, rgb))))
        .setTasks(List.of(Task.CLASSIFY))
        .setModelOverride(identity.model())
        .setQos(QosClass.LIVE)
        .setLastInFeed(last)
        .build();
  }

  private static BufferedImage toImage(VideoFile.Info info, byte[] rgb) {
    BufferedImage image =
        new BufferedImage(info.width(), info.height(), BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < rgb.length; i += 3) {
      bgr[i] = rgb[i + 2];
      bgr[i + 1] = rgb[i + 1];
      bgr[i + 2] = rgb[i];
    }
    return image;
  }
}
