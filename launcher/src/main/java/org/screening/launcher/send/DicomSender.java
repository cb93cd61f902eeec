package org.screening.launcher.send;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.ImageEncoding;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Task;

/**
 * Sends DICOM files as one BATCH feed, frame after frame (a multi-frame cine loop in its order),
 * the last frame closing it. Frames carry the modality from the file and random ids: no header
 * value other than the modality code is copied. With a mapping file, the sender keeps which
 * file and frame each id came from, locally.
 */
final class DicomSender {

  private final FrameSink sink;
  private final Identity identity;

  DicomSender(FrameSink sink, Identity identity) {
    this.sink = sink;
    this.identity = identity;
  }

  SendReport send(List<Path> files, Path mapping, Progress.Factory progressFactory)
      throws IOException, InterruptedException, SendFailedException {
    List<DicomFile.Decoded> decoded = new ArrayList<>();
    for (Path file : files) {
      decoded.add(DicomFile.decode(file));
    }
    long total = decoded.stream().mapToLong(d -> d.frames().size()).sum();
    Progress progress = progressFactory.create("frames", total);
    List<String> map = new ArrayList<>(List.of("file,frame,frame_id"));
    long sequence = 0;
    for (int f = 0; f < files.size(); f++) {
      DicomFile.Decoded dicom = decoded.get(f);
      for (int i = 0; i < dicom.frames().size(); i++) {
        sink.send(frame(dicom, dicom.frames().get(i), sequence, sequence == total - 1));
        map.add(files.get(f) + "," + i + "," + identity.frameId(sequence));
        sequence++;
        progress.update(sequence);
      }
    }
    sink.flush();
    progress.finish();
    if (mapping != null) {
      try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(mapping,
          StandardCharsets.UTF_8))) {
        map.forEach(out::println);
      }
    }
    return new SendReport("dicom", identity.feed(), sequence, 0, progress.seconds(),
        sink.pushbacks());
  }

  /** The frame for one decoded DICOM frame (tests check that it holds no header identifier). */
  Frame frame(DicomFile.Decoded dicom, BufferedImage image, long sequence, boolean last) {
    return Frame.newBuilder()
        .setFrameId(identity.frameId(sequence))
        .setTenant(identity.tenant())
        .setFeedId(identity.feed())
        .setSequence(sequence)
        .setCaptureTime(Instant.now())
        .setModality(dicom.modality())
        .setEncoding(ImageEncoding.PNG)
        .setWidth(image.getWidth())
        .setHeight(image.getHeight())
        .setChannels(image.getColorModel().getNumComponents())
        .setPixels(ByteBuffer.wrap(Images.png(image)))
        .setTasks(List.of(Task.CLASSIFY))
        .setModelOverride(identity.model())
        .setQos(QosClass.BATCH)
        .setAttributes(Map.of("dicom_modality", dicom.dicomModality()))
        .setLastInFeed(last)
        .build();
  }
}
