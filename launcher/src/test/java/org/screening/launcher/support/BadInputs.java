package org.screening.launcher.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.DeadLetterReason;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.ImageEncoding;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Task;

/**
 * The bad-input corpus: every case with the answer it must get over HTTP (status and problem
 * type) and over Kafka (a dead-letter reason, or none where the worker converts the image and
 * answers). One place, so both paths are held to the same list.
 *
 * <p>Identifiers and pixel bytes come from the caller, so the log-hygiene test can plant
 * recognisable values in every frame.
 */
public final class BadInputs {

  /** Largest request body the gateway under test accepts. */
  public static final int GATEWAY_BODY_BYTES = 1024 * 1024;
  /** Largest image the worker under test decodes. */
  public static final int WORKER_MAX_BYTES = 1024 * 1024;
  /** The frames topic's max.message.bytes in the tests: between the two above and the broker's. */
  public static final int TOPIC_MAX_MESSAGE_BYTES = 3 * 1024 * 1024;

  /** How a case is sent over HTTP and what the gateway must answer; 202 means accepted. */
  public record HttpCase(String contentType, String query, byte[] body, int status,
      String problemType) {}

  /**
   * How a case is sent over Kafka; {@code reason} null means the worker must answer it with
   * results (the image is converted).
   */
  public record KafkaCase(String frameId, byte[] value, DeadLetterReason reason) {}

  /** One bad input; either path may be absent where the input cannot travel it. */
  public record BadInput(String name, HttpCase http, KafkaCase kafka) {
    @Override
    public String toString() {
      return name;
    }
  }

  private final String tenant;
  private final String feed;
  private final Map<String, String> attributes;
  private final byte[] marker;
  private final Random random = new Random(7);

  /**
   * @param marker bytes planted in raw pixel payloads and in messages that are not frames
   */
  public BadInputs(String tenant, String feed, Map<String, String> attributes, byte[] marker) {
    this.tenant = tenant;
    this.feed = feed;
    this.attributes = attributes;
    this.marker = marker.clone();
  }

  public List<BadInput> all() {
    byte[] png = Pictures.encode(Pictures.rgb(32, 32), "png");
    byte[] jpeg = Pictures.encode(Pictures.rgb(32, 32), "jpeg");
    byte[] truncatedPng = Arrays.copyOf(png, png.length / 2);
    byte[] truncatedJpeg = Arrays.copyOf(jpeg, jpeg.length * 2 / 3);
    byte[] noise = markedNoise(4096);
    byte[] bomb = Pictures.bomb(100_000, 100_000);
    byte[] wide = Pictures.encode(Pictures.rgb(9000, 1), "png");
    byte[] grey16 = Pictures.encode(Pictures.grey16(32, 32), "png");
    byte[] palette = Pictures.encode(Pictures.palette(32, 32), "png");
    byte[] grey = Pictures.encode(Pictures.grey(32, 32), "png");
    byte[] rgba = Pictures.encode(Pictures.rgba(32, 32), "png");
    byte[] greyAlpha = Pictures.greyAlpha(32, 32);
    byte[] badCrc = png.clone();
    badCrc[17] ^= 0x40; // a byte of the width, under the IHDR's CRC
    byte[] cmyk = Pictures.cmykJpegHeader();
    byte[] turnedJpeg = Pictures.withExifOrientation(jpeg, 6);
    byte[] shortRaw = Arrays.copyOf(markedNoise(8 * 8 * 3), 8 * 8 * 3 - 5);
    byte[] oversized = markedNoise(GATEWAY_BODY_BYTES + 512 * 1024);
    List<BadInput> cases = new ArrayList<>();
    cases.add(new BadInput("truncated PNG", http("image/png", "", truncatedPng, 400, "bad-image"),
        frame("truncated-png", ImageEncoding.PNG, 32, 32, 3, truncatedPng, null,
            DeadLetterReason.CORRUPT_IMAGE)));
    cases.add(new BadInput("truncated JPEG",
        http("image/jpeg", "", truncatedJpeg, 400, "bad-image"),
        frame("truncated-jpeg", ImageEncoding.JPEG, 32, 32, 3, truncatedJpeg, null,
            DeadLetterReason.CORRUPT_IMAGE)));
    cases.add(new BadInput("zero bytes", http("image/png", "", new byte[0], 400, "bad-image"),
        frame("zero-bytes", ImageEncoding.PNG, 32, 32, 3, new byte[0], null,
            DeadLetterReason.CORRUPT_IMAGE)));
    cases.add(new BadInput("random bytes as a PNG", http("image/png", "", noise, 400, "bad-image"),
        frame("random-png", ImageEncoding.PNG, 32, 32, 3, noise, null,
            DeadLetterReason.CORRUPT_IMAGE)));
    cases.add(new BadInput("decompression bomb (PNG declaring 100000x100000)",
        http("image/png", "", bomb, 413, "payload-too-large"),
        frame("bomb", ImageEncoding.PNG, 100_000, 100_000, 3, bomb, null,
            DeadLetterReason.IMAGE_TOO_LARGE)));
    // The frame lies about the size: the PNG header is checked too, before any pixel is read.
    cases.add(new BadInput("decompression bomb behind a frame declaring 32x32", null,
        frame("bomb-small-frame", ImageEncoding.PNG, 32, 32, 3, bomb, null,
            DeadLetterReason.IMAGE_TOO_LARGE)));
    cases.add(new BadInput("dimensions over the limit (9000x1 PNG)",
        http("image/png", "", wide, 413, "payload-too-large"),
        frame("too-wide", ImageEncoding.PNG, 9000, 1, 3, wide, null,
            DeadLetterReason.IMAGE_TOO_LARGE)));
    cases.add(new BadInput("16-bit grey PNG (converted)", http("image/png", "", grey16, 202, null),
        frame("grey16", ImageEncoding.PNG, 32, 32, 1, grey16, null, null)));
    cases.add(new BadInput("palette PNG (converted)", http("image/png", "", palette, 202, null),
        frame("palette", ImageEncoding.PNG, 32, 32, 3, palette, null, null)));
    cases.add(new BadInput("grey PNG (converted)", http("image/png", "", grey, 202, null),
        frame("grey", ImageEncoding.PNG, 32, 32, 1, grey, null, null)));
    cases.add(new BadInput("RGBA PNG (converted)", http("image/png", "", rgba, 202, null),
        frame("rgba", ImageEncoding.PNG, 32, 32, 4, rgba, null, null)));
    cases.add(new BadInput("grey+alpha PNG (converted)",
        http("image/png", "", greyAlpha, 202, null),
        frame("grey-alpha", ImageEncoding.PNG, 32, 32, 2, greyAlpha, null, null)));
    cases.add(new BadInput("JPEG with an EXIF orientation (turned)",
        http("image/jpeg", "", turnedJpeg, 202, null),
        frame("exif-turned", ImageEncoding.JPEG, 32, 32, 3, turnedJpeg, null, null)));
    cases.add(new BadInput("PNG whose IHDR fails its CRC",
        http("image/png", "", badCrc, 400, "bad-image"),
        frame("bad-crc", ImageEncoding.PNG, 32, 32, 3, badCrc, null,
            DeadLetterReason.CORRUPT_IMAGE)));
    cases.add(new BadInput("CMYK JPEG", http("image/jpeg", "", cmyk, 400, "bad-image"),
        frame("cmyk", ImageEncoding.JPEG, 8, 8, 4, cmyk, null,
            DeadLetterReason.UNSUPPORTED_IMAGE)));
    cases.add(new BadInput("a frame whose channels disagree with its PNG header", null,
        frame("channels-mismatch", ImageEncoding.PNG, 32, 32, 4, png, null,
            DeadLetterReason.SIZE_MISMATCH)));
    cases.add(new BadInput("raw payload shorter than its header says",
        http("application/octet-stream", "&width=8&height=8&channels=3", shortRaw, 400,
            "bad-image"),
        frame("raw-short", ImageEncoding.RAW_U8, 8, 8, 3, shortRaw, null,
            DeadLetterReason.SIZE_MISMATCH)));
    // The gateway cannot know which models the workers serve: it accepts the frame, and the
    // worker dead-letters it.
    cases.add(new BadInput("unknown model override", http("image/png", "&model=nope:9", png, 202,
        null), frame("unknown-model", ImageEncoding.PNG, 32, 32, 3, png, "nope:9",
            DeadLetterReason.UNKNOWN_MODEL)));
    cases.add(new BadInput("malformed model override",
        http("image/png", "&model=no%20such%20model", png, 400, "bad-request"), null));
    cases.add(new BadInput("not an image media type", http("text/plain", "", noise, 415,
        "unsupported-media-type"), null));
    cases.add(new BadInput("unknown schema fingerprint", null, new KafkaCase(id("unknown-schema"),
        unknownSchema(png), DeadLetterReason.UNKNOWN_SCHEMA)));
    cases.add(new BadInput("not Avro at all", null, new KafkaCase(id("not-avro"), noise,
        DeadLetterReason.UNDECODABLE_MESSAGE)));
    cases.add(new BadInput("Avro frame cut short", null, truncatedFrame(png)));
    cases.add(new BadInput("frame asking for no task", null, noTask(png)));
    cases.add(new BadInput("frame of no tenant", null, noTenant(png)));
    cases.add(new BadInput("oversized (over the gateway body limit / the worker's decode.maxBytes)",
        http("image/png", "", oversized, 413, "payload-too-large"),
        frame("oversized", ImageEncoding.PNG, 32, 32, 3, oversized, null,
            DeadLetterReason.IMAGE_TOO_LARGE)));
    return cases;
  }

  /** A frame every model answers: the slice of bread in the sandwich. */
  public KafkaCase goodFrame(String name) {
    return frame(name, ImageEncoding.PNG, 32, 32, 3, goodPng(), null, null);
  }

  /** The image of {@link #goodFrame}, for HTTP. */
  public byte[] goodPng() {
    return Pictures.encode(Pictures.rgb(32, 32), "png");
  }

  /** A raw frame whose pixels repeat the marker; every model answers it. */
  public KafkaCase markedRawFrame(String name) {
    return frame(name, ImageEncoding.RAW_U8, 16, 16, 3, markedNoise(16 * 16 * 3), null, null);
  }

  public String feed() {
    return feed;
  }

  /** The marker repeated, then random bytes, so no accidental structure decodes. */
  public byte[] markedNoise(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    for (int at = 0; at + marker.length <= Math.min(length, 4 * marker.length);
        at += marker.length) {
      System.arraycopy(marker, 0, bytes, at, marker.length);
    }
    return bytes;
  }

  private static HttpCase http(String contentType, String query, byte[] body, int status,
      String problemType) {
    return new HttpCase(contentType, query, body, status, problemType);
  }

  private KafkaCase frame(String name, ImageEncoding encoding, int width, int height,
      int channels, byte[] pixels, String modelOverride, DeadLetterReason reason) {
    String frameId = id(name);
    return new KafkaCase(frameId, AvroCodec.frames().encode(frame(frameId, encoding, width,
        height, channels, pixels, modelOverride)), reason);
  }

  private Frame frame(String frameId, ImageEncoding encoding, int width, int height,
      int channels, byte[] pixels, String modelOverride) {
    return Frame.newBuilder()
        .setFrameId(frameId)
        .setTenant(tenant)
        .setFeedId(feed)
        .setSequence(System.nanoTime())
        .setCaptureTime(Instant.now())
        .setModality(Modality.RADIOLOGY_SLICE)
        .setEncoding(encoding)
        .setWidth(width).setHeight(height).setChannels(channels)
        .setPixels(ByteBuffer.wrap(pixels))
        .setTasks(List.of(Task.CLASSIFY))
        .setModelOverride(modelOverride)
        .setQos(QosClass.BATCH)
        .setAttributes(Map.copyOf(attributes))
        .build();
  }

  private String id(String name) {
    return feed + "-" + name + "-" + UUID.randomUUID();
  }

  /** A valid frame body behind a fingerprint no release of the schema has. */
  private byte[] unknownSchema(byte[] png) {
    byte[] value = AvroCodec.frames().encode(frame(id("unknown-schema"), ImageEncoding.PNG, 32,
        32, 3, png, null));
    ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(0x0123456789abcdefL);
    return value;
  }

  private KafkaCase truncatedFrame(byte[] png) {
    String frameId = id("cut-short");
    byte[] value = AvroCodec.frames().encode(frame(frameId, ImageEncoding.PNG, 32, 32, 3, png,
        null));
    return new KafkaCase(frameId, Arrays.copyOf(value, 60), DeadLetterReason.UNDECODABLE_MESSAGE);
  }

  /** Breaks the frame contract; the worker's reason names the frame id, which logs must not. */
  private KafkaCase noTask(byte[] png) {
    String frameId = id("no-task");
    Frame frame = frame(frameId, ImageEncoding.PNG, 32, 32, 3, png, null);
    frame.setTasks(List.of());
    return new KafkaCase(frameId, AvroCodec.frames().encode(frame),
        DeadLetterReason.INVALID_FRAME);
  }

  /** A frame of an empty tenant: its results would reach nobody. */
  private KafkaCase noTenant(byte[] png) {
    String frameId = id("no-tenant");
    Frame frame = frame(frameId, ImageEncoding.PNG, 32, 32, 3, png, null);
    frame.setTenant("");
    return new KafkaCase(frameId, AvroCodec.frames().encode(frame),
        DeadLetterReason.INVALID_FRAME);
  }

  /** Images of every kind the corpus needs, made here so nothing is read from disk. */
  static final class Pictures {

    private Pictures() {}

    static BufferedImage rgb(int width, int height) {
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int v = (x * 255 / Math.max(1, width - 1) + y * 7) & 0xFF;
          image.setRGB(x, y, (v << 16) | ((255 - v) << 8) | (v / 2));
        }
      }
      return image;
    }

    static BufferedImage grey16(int width, int height) {
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          image.getRaster().setSample(x, y, 0, (x * 2000 + y * 40) & 0xFFFF);
        }
      }
      return image;
    }

    static BufferedImage grey(int width, int height) {
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
      image.getGraphics().drawImage(rgb(width, height), 0, 0, null);
      return image;
    }

    static BufferedImage palette(int width, int height) {
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED);
      image.getGraphics().drawImage(rgb(width, height), 0, 0, null);
      return image;
    }

    static BufferedImage rgba(int width, int height) {
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
      BufferedImage rgb = rgb(width, height);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          image.setRGB(x, y, (0x80 << 24) | (rgb.getRGB(x, y) & 0xFFFFFF));
        }
      }
      return image;
    }

    static byte[] encode(BufferedImage image, String format) {
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

    /** A valid PNG header declaring a huge RGB image, with a few bytes of compressed rows. */
    static byte[] bomb(int width, int height) {
      return pngOf(width, height, 2, deflate(new byte[width > 1_000 ? 1024 : width * 3 + 1]));
    }

    /** A JPEG's start, a baseline frame header of 4 components (CMYK), and its end. */
    static byte[] cmykJpegHeader() {
      return new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 20, 8, 0, 8, 0,
          8, 4, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0, (byte) 0xFF, (byte) 0xD9};
    }

    /** {@code jpeg} with an APP1 Exif segment whose only tag is the orientation. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
      ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4);
      tiff.put(new byte[] {'M', 'M'}).putShort((short) 42).putInt(8).putShort((short) 1);
      tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation)
          .putShort((short) 0).putInt(0);
      byte[] exif = {'E', 'x', 'i', 'f', 0, 0};
      int length = 2 + exif.length + tiff.capacity();
      ByteBuffer out = ByteBuffer.allocate(jpeg.length + 2 + length);
      out.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) 0xE1).putShort((short) length).put(exif)
          .put(tiff.array()).put(jpeg, 2, jpeg.length - 2);
      return out.array();
    }

    /** ImageIO writes no grey+alpha PNG: colour type 4, 8 bits, unfiltered rows. */
    static byte[] greyAlpha(int width, int height) {
      byte[] rows = new byte[height * (1 + width * 2)];
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          rows[y * (1 + width * 2) + 1 + x * 2] = (byte) (x * 8);
          rows[y * (1 + width * 2) + 2 + x * 2] = (byte) 0xFF;
        }
      }
      return pngOf(width, height, 4, deflate(rows));
    }

    private static byte[] pngOf(int width, int height, int colourType, byte[] idat) {
      ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
          .put((byte) 8).put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
      chunk(out, "IHDR", ihdr.array());
      chunk(out, "IDAT", idat);
      chunk(out, "IEND", new byte[0]);
      return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
      byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
      CRC32 crc = new CRC32();
      crc.update(typeBytes);
      crc.update(data);
      out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
      out.writeBytes(typeBytes);
      out.writeBytes(data);
      out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] deflate(byte[] data) {
      Deflater deflater = new Deflater();
      deflater.setInput(data);
      deflater.finish();
      byte[] buffer = new byte[data.length + 64];
      int length = deflater.deflate(buffer);
      deflater.end();
      return Arrays.copyOf(buffer, length);
    }
  }
}
