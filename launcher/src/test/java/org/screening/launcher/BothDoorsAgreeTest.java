package org.screening.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.screening.broker.EmbeddedKafka;
import org.screening.gateway.GatewayNode;
import org.screening.gateway.auth.ApiKeyAuthentication;
import org.screening.gateway.config.ApiKeySpec;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import org.screening.schemas.Topics;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.ImageEncoding;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Task;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.decode.DecodeLimits;
import org.screening.workers.decode.FrameChecks;
import org.screening.workers.decode.ImageDecoder;
import org.screening.workers.decode.RejectedFrameException;

/**
 * The same images through both doors, compared: a real gateway answers each over HTTP, and the
 * worker's checks and decoder (what it runs on every frame it consumes, before any model) judge
 * it as a frame that declares what the image is. Every input must get the same verdict: both
 * accept it, or both refuse it for the same dead-letter reason (the gateway's problem document
 * names it as {@code reason}).
 */
class BothDoorsAgreeTest {

  private static final String KEY = "both-doors-key";
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();

  private static EmbeddedKafka kafka;
  private static GatewayNode gateway;
  private static final ImageDecoder WORKER =
      new ImageDecoder(DecodeLimits.from(WorkerConfig.defaults()));

  /** One input: its bytes, how HTTP sends it, what a Kafka frame says of it. */
  record Input(String name, String contentType, String query, ImageEncoding encoding, int width,
      int height, int channels, byte[] bytes) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(List.of(new NewTopic(Topics.FRAMES, 1, (short) 1),
        new NewTopic(Topics.RESULTS, 1, (short) 1)));
    gateway = GatewayNode.start(GatewayConfig.defaults().singleNode()
        .with(ConfigKeys.HTTP_PORT, 0)
        .with(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers())
        .with(ConfigKeys.AUTH_API_KEYS,
            List.of(ApiKeySpec.of("both", "clinic", ApiKeyAuthentication.sha256(KEY)))))
        .await(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) {
      gateway.close().await(30, TimeUnit.SECONDS);
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  static Stream<Input> corpus() {
    byte[] png = encode(rgb(32, 24), "png");
    byte[] jpeg = encode(rgb(32, 24), "jpeg");
    byte[] badCrc = png.clone();
    badCrc[17] ^= 0x40;
    byte[] cmyk = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 20, 8, 0, 8, 0, 8, 4,
        1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0, (byte) 0xFF, (byte) 0xD9};
    byte[] deferredHeight = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 11, 8, 0, 0,
        0, 8, 1, 1, 0x11, 0, (byte) 0xFF, (byte) 0xD9};
    List<Input> inputs = new ArrayList<>(List.of(
        png("RGB PNG", png, 32, 24, 3),
        png("grey PNG", encode(typed(BufferedImage.TYPE_BYTE_GRAY), "png"), 32, 24, 1),
        png("RGBA PNG", encode(typed(BufferedImage.TYPE_4BYTE_ABGR), "png"), 32, 24, 4),
        png("palette PNG", encode(typed(BufferedImage.TYPE_BYTE_INDEXED), "png"), 32, 24, 3),
        png("16-bit grey PNG", encode(typed(BufferedImage.TYPE_USHORT_GRAY), "png"), 32, 24, 1),
        png("grey+alpha PNG", greyAlpha(32, 24), 32, 24, 2),
        png("PNG whose IHDR fails its CRC", badCrc, 32, 24, 3),
        png("truncated PNG", Arrays.copyOf(png, png.length / 2), 32, 24, 3),
        png("zero bytes", new byte[0], 32, 24, 3),
        png("text as a PNG", "not an image, only words".getBytes(), 32, 24, 3),
        png("JPEG sent as a PNG", jpeg, 32, 24, 3),
        png("PNG declaring 100000x100000", bomb(), 100_000, 100_000, 3),
        jpeg("RGB JPEG", jpeg, 32, 24, 3),
        jpeg("truncated JPEG", Arrays.copyOf(jpeg, jpeg.length * 2 / 3), 32, 24, 3),
        jpeg("CMYK JPEG", cmyk, 8, 8, 4),
        jpeg("JPEG deferring its height to a DNL marker", deferredHeight, 8, 1, 1),
        raw("raw RGB", new byte[4 * 2 * 3], 4, 2, 3),
        raw("raw grey+alpha", new byte[4 * 2 * 2], 4, 2, 2),
        raw("raw payload shorter than its shape", new byte[4 * 2 * 3 - 5], 4, 2, 3),
        raw("raw of 5 channels", new byte[4 * 2 * 5], 4, 2, 5)));
    return inputs.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void bothDoorsGiveTheSameVerdict(Input input) throws Exception {
    assertEquals(overKafka(input), overHttp(input), input.name());
  }

  /** "accepted" or the reason the gateway's problem names. */
  private static String overHttp(Input input) throws Exception {
    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + gateway.port() + "/v1/feeds/both-doors/frames?tasks=classify" + input.query()))
            .header("Authorization", "Bearer " + KEY)
            .header("Content-Type", input.contentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(input.bytes())).build(),
        HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() == 202) {
      return "accepted";
    }
    return new JsonObject(answer.body()).getString("reason", "no reason in " + answer.body());
  }

  /** "accepted" or the dead-letter reason of the worker's refusal. */
  private static String overKafka(Input input) {
    Frame frame = Frame.newBuilder().setFrameId("f").setTenant("clinic").setFeedId("both-doors")
        .setSequence(1).setCaptureTime(Instant.EPOCH).setModality(Modality.ENDOSCOPY_FRAME)
        .setEncoding(input.encoding()).setWidth(input.width()).setHeight(input.height())
        .setChannels(input.channels()).setPixels(ByteBuffer.wrap(input.bytes()))
        .setTasks(List.of(Task.CLASSIFY)).setQos(QosClass.LIVE).build();
    try {
      FrameChecks.validate(frame);
      WORKER.decode(frame.getPixels(), FrameChecks.declared(frame));
      return "accepted";
    } catch (RejectedFrameException e) {
      return e.reason().name();
    }
  }

  private static Input png(String name, byte[] bytes, int width, int height, int channels) {
    return new Input(name, "image/png", "", ImageEncoding.PNG, width, height, channels, bytes);
  }

  private static Input jpeg(String name, byte[] bytes, int width, int height, int channels) {
    return new Input(name, "image/jpeg", "", ImageEncoding.JPEG, width, height, channels, bytes);
  }

  private static Input raw(String name, byte[] bytes, int width, int height, int channels) {
    return new Input(name, "application/octet-stream",
        "&width=" + width + "&height=" + height + "&channels=" + channels,
        ImageEncoding.RAW_U8, width, height, channels, bytes);
  }

  private static BufferedImage rgb(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (x * 8) << 16 | (y * 10) << 8 | 0x40);
      }
    }
    return image;
  }

  private static BufferedImage typed(int type) {
    BufferedImage image = new BufferedImage(32, 24, type);
    image.getGraphics().drawImage(rgb(32, 24), 0, 0, null);
    return image;
  }

  private static byte[] greyAlpha(int width, int height) {
    ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY),
        true, false, Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
    WritableRaster raster = model.createCompatibleWritableRaster(width, height);
    return encode(new BufferedImage(model, raster, false, null), "png");
  }

  /** A valid PNG header declaring 100000x100000 RGB, then (not) its pixels and IEND. */
  private static byte[] bomb() {
    byte[] png = encode(rgb(1, 1), "png");
    ByteBuffer header = ByteBuffer.wrap(png);
    header.putInt(16, 100_000).putInt(20, 100_000);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(png, 12, 17);
    header.putInt(29, (int) crc.getValue());
    return png;
  }

  private static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no " + format + " writer for " + image.getType());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
