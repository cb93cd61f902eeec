package org.screening.workers.stream;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.ImageEncoding;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Task;
import org.screening.workers.decode.TestPictures;

/** Frames as a producer writes them: Avro single-object encoded, keyed by feed id. */
final class TestFrames {

  private TestFrames() {}

  /** A BATCH-class PNG frame of a 32x24 gradient, asking for {@code tasks}. */
  static Frame.Builder png(String frameId, String feed, long sequence, Task... tasks) {
    BufferedImage image = TestPictures.gradient(32, 24);
    return frame(frameId, feed, sequence, ImageEncoding.PNG, 32, 24, 3,
        TestPictures.encode(image, "png"), tasks);
  }

  static Frame.Builder frame(String frameId, String feed, long sequence, ImageEncoding encoding,
      int width, int height, int channels, byte[] pixels, Task... tasks) {
    return Frame.newBuilder()
        .setFrameId(frameId)
        .setTenant("tenant-a")
        .setFeedId(feed)
        .setSequence(sequence)
        .setCaptureTime(Instant.now())
        .setModality(Modality.PATHOLOGY_TILE)
        .setEncoding(encoding)
        .setWidth(width)
        .setHeight(height)
        .setChannels(channels)
        .setPixels(ByteBuffer.wrap(pixels))
        .setTasks(List.of(tasks))
        .setQos(QosClass.BATCH)
        .setAttributes(Map.of());
  }

  static ProducerRecord<byte[], byte[]> record(Frame frame) {
    return record(frame.getFeedId(), AvroCodec.frames().encode(frame));
  }

  /** Any bytes under a feed's key; {@link TestKafka#produce} names the topic. */
  static ProducerRecord<byte[], byte[]> record(String feed, byte[] value) {
    return new ProducerRecord<>("", null, feed.getBytes(StandardCharsets.UTF_8), value,
        new RecordHeaders());
  }
}
