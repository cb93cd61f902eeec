package org.screening.launcher.bench;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.screening.launcher.demo.DemoFeed;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.ImageEncoding;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Task;

/** A kind of message the transport bench moves: encoded frames exactly as producers send them. */
public record TransportPayload(String name, List<byte[]> messages) {

  /** Seg's input size, sent undecoded: the largest frame a tower sends inline. */
  private static final int RAW_SIDE = 128;

  public double meanBytes() {
    return messages.stream().mapToInt(m -> m.length).average().orElse(0);
  }

  /** The demo's PNG slices, one message per image, as the demo's replayer encodes them. */
  public static TransportPayload demoPng(DemoFeed feed) {
    AvroCodec<Frame> codec = AvroCodec.frames();
    List<byte[]> messages = new ArrayList<>();
    for (int i = 0; i < feed.size(); i++) {
      messages.add(codec.encode(feed.next()));
    }
    return new TransportPayload("png", messages);
  }

  /** One 128x128x3 raw u8 frame of noise (incompressible, like sensor data). */
  public static TransportPayload raw128() {
    return new TransportPayload("raw" + RAW_SIDE,
        List.of(AvroCodec.frames().encode(rawFrame(RAW_SIDE, Task.SEGMENT, QosClass.BATCH))));
  }

  /**
   * A {@code side}x{@code side}x3 raw u8 frame of noise (incompressible, like sensor data) asking
   * for {@code task}; callers that send it more than once give each copy its own frame id.
   */
  static Frame rawFrame(int side, Task task, QosClass qos) {
    byte[] pixels = new byte[side * side * 3];
    new Random(7).nextBytes(pixels);
    return Frame.newBuilder()
        .setFrameId(UUID.randomUUID().toString())
        .setTenant(DemoFeed.TENANT)
        .setFeedId("bench-raw")
        .setSequence(0)
        .setCaptureTime(Instant.now())
        .setModality(Modality.ENDOSCOPY_FRAME)
        .setEncoding(ImageEncoding.RAW_U8)
        .setWidth(side)
        .setHeight(side)
        .setChannels(3)
        .setPixels(ByteBuffer.wrap(pixels))
        .setTasks(List.of(task))
        .setQos(qos)
        .build();
  }
}
