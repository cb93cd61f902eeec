package org.screening.gateway.fanout;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import org.screening.gateway.http.HttpProblem;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.MessageDecodingException;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.SlideTile;

/**
 * Frame images read back from the frames topic at the position a result named, so the viewer
 * needs no second store: Kafka's retention is the image's. One consumer (no group, nothing
 * committed) on a one-thread worker pool does the blocking reads; images served are kept, up to
 * a byte budget, on the event loop that asks for them.
 */
final class FrameImages {

  /** A frame's pixels as a browser shows them, and where the frame lies on its slide if a tile. */
  record Image(String contentType, byte[] bytes, SlideTile tile) {}

  private static final Duration POLL = Duration.ofMillis(200);

  private final WorkerExecutor executor;
  private final KafkaConsumer<String, byte[]> consumer;
  private final long timeoutMs;
  private final long maxBytes;
  private final Map<String, Image> cache = new LinkedHashMap<>(16, 0.75f, true);
  private long cachedBytes;

  FrameImages(Vertx vertx, GatewayConfig config, String nodeId) {
    this.timeoutMs = config.get(ConfigKeys.LIMITS_IN_FLIGHT_TIMEOUT_MS);
    this.maxBytes = config.get(ConfigKeys.RESULTS_IMAGE_CACHE_BYTES);
    // One thread: the consumer is not thread-safe, and reads one after another suffice here.
    this.executor = vertx.createSharedWorkerExecutor("gateway-frame-images-" + nodeId, 1,
        2 * timeoutMs, TimeUnit.MILLISECONDS);
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        config.get(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS));
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "gateway-" + nodeId + "-frame-images");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.putAll(config.kafkaOverrides(ConfigKeys.KAFKA_CONSUMER));
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    // One frame per poll: the record asked for, not a batch of its neighbours' pixels.
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    this.consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * The image of {@code frameId} at {@code position}; fails with a 410 problem once retention has
   * removed it, a 404 when the record there is not that frame of that tenant or holds no pixels.
   */
  Future<Image> image(String frameId, FramePosition position) {
    Image cached = cache.get(frameId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return executor.executeBlocking(() -> read(frameId, position), false)
        .onSuccess(image -> keep(frameId, image));
  }

  void close() {
    executor.executeBlocking(() -> {
      consumer.close();
      return null;
    }).eventually(() -> executor.close());
  }

  private void keep(String frameId, Image image) {
    if (image.bytes().length > maxBytes || cache.containsKey(frameId)) {
      return;
    }
    cache.put(frameId, image);
    cachedBytes += image.bytes().length;
    var eldest = cache.entrySet().iterator();
    while (cachedBytes > maxBytes) {
      cachedBytes -= eldest.next().getValue().bytes().length;
      eldest.remove();
    }
  }

  private Image read(String frameId, FramePosition position) {
    TopicPartition partition = new TopicPartition(position.topic(), position.partition());
    consumer.assign(List.of(partition));
    if (position.offset() < consumer.beginningOffsets(List.of(partition)).get(partition)) {
      throw gone();
    }
    // Past the end (the topic was recreated): polling would wait in vain.
    if (position.offset() >= consumer.endOffsets(List.of(partition)).get(partition)) {
      throw HttpProblem.notFound("No image of that frame is available");
    }
    consumer.seek(partition, position.offset());
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
        if (record.offset() != position.offset()) {
          throw gone(); // compacted or deleted away: the next record is another frame
        }
        return image(frameId, position, record.value());
      }
    }
    throw HttpProblem.unavailable(
        "Reading the frame back from Kafka took over " + timeoutMs + " ms");
  }

  private static HttpProblem gone() {
    return HttpProblem.gone("The frame's image has passed the frames topic's retention");
  }

  private static Image image(String frameId, FramePosition position, byte[] value) {
    Frame frame;
    try {
      frame = AvroCodec.frames().decode(value);
    } catch (MessageDecodingException e) {
      throw HttpProblem.notFound("No image of that frame is available");
    }
    // The result says where the frame is; the record itself must agree, tenant included.
    if (!frame.getFrameId().equals(frameId) || !frame.getTenant().equals(position.tenant())
        || frame.getPixels() == null) {
      throw HttpProblem.notFound("No image of that frame is available");
    }
    byte[] bytes = bytes(frame.getPixels());
    return switch (frame.getEncoding()) {
      case PNG -> new Image("image/png", bytes, frame.getTile());
      case JPEG -> new Image("image/jpeg", bytes, frame.getTile());
      case RAW_U8 -> new Image("image/png",
          png(bytes, frame.getWidth(), frame.getHeight(), frame.getChannels()), frame.getTile());
    };
  }

  /** Interleaved 8-bit pixels (grey, grey + alpha, RGB or RGBA) as a PNG. */
  static byte[] png(byte[] pixels, int width, int height, int channels) {
    // Kafka producers other than the gateway may write any header: an empty or negative size is
    // no image, not a server error.
    if (width < 1 || height < 1 || channels < 1 || channels > 4
        || (long) width * height * channels != pixels.length) {
      throw HttpProblem.notFound("No image of that frame is available");
    }
    boolean alpha = channels == 2 || channels == 4;
    BufferedImage image = new BufferedImage(width, height,
        alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    for (int y = 0, i = 0; y < height; y++) {
      for (int x = 0; x < width; x++, i += channels) {
        int r = pixels[i] & 0xFF;
        int g = channels >= 3 ? pixels[i + 1] & 0xFF : r;
        int b = channels >= 3 ? pixels[i + 2] & 0xFF : r;
        int a = alpha ? pixels[i + channels - 1] & 0xFF : 0xFF;
        image.setRGB(x, y, a << 24 | r << 16 | g << 8 | b);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] copy = new byte[view.remaining()];
    view.get(copy);
    return copy;
  }
}
