package org.screening.schemas.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.screening.schemas.DeadLetterReason;
import org.screening.schemas.v1.ImageEncoding;

class ImageHeadersTest {

  private static byte[] encode(int type, int width, int height, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(width, height, type), format, out);
    return out.toByteArray();
  }

  private static Verdict<ImageHeader> png(byte[] bytes) {
    return ImageHeaders.read(ImageEncoding.PNG, ByteBuffer.wrap(bytes));
  }

  private static Verdict<ImageHeader> jpeg(byte[] bytes) {
    return ImageHeaders.read(ImageEncoding.JPEG, ByteBuffer.wrap(bytes));
  }

  @Test
  void aPngHeaderGivesSizeAndChannelsByColourType() throws Exception {
    assertEquals(new ImageHeader(ImageEncoding.PNG, 30, 20, 1),
        png(encode(BufferedImage.TYPE_BYTE_GRAY, 30, 20, "png")).orElseThrow(Failure::new));
    assertEquals(new ImageHeader(ImageEncoding.PNG, 30, 20, 3),
        png(encode(BufferedImage.TYPE_3BYTE_BGR, 30, 20, "png")).orElseThrow(Failure::new));
    assertEquals(new ImageHeader(ImageEncoding.PNG, 30, 20, 4),
        png(encode(BufferedImage.TYPE_4BYTE_ABGR, 30, 20, "png")).orElseThrow(Failure::new));
  }

  @Test
  void aPalettePngIsThreeChannels() throws Exception {
    assertEquals(3, png(encode(BufferedImage.TYPE_BYTE_INDEXED, 5, 5, "png"))
        .orElseThrow(Failure::new).channels());
  }

  @Test
  void aJpegHeaderGivesSizeAndComponents() throws Exception {
    assertEquals(new ImageHeader(ImageEncoding.JPEG, 40, 24, 3),
        jpeg(encode(BufferedImage.TYPE_3BYTE_BGR, 40, 24, "jpeg")).orElseThrow(Failure::new));
  }

  @Test
  void aPngWhoseIhdrFailsItsCrcIsCorrupt() throws Exception {
    byte[] png = encode(BufferedImage.TYPE_3BYTE_BGR, 8, 8, "png");
    png[17] ^= 0x40;

    assertEquals(DeadLetterReason.CORRUPT_IMAGE, png(png).reason());
  }

  @Test
  void imagesCutShortAreCorrupt() throws Exception {
    byte[] png = encode(BufferedImage.TYPE_3BYTE_BGR, 8, 8, "png");
    byte[] jpeg = encode(BufferedImage.TYPE_3BYTE_BGR, 8, 8, "jpeg");

    assertEquals(DeadLetterReason.CORRUPT_IMAGE, png(Arrays.copyOf(png, png.length - 4)).reason());
    assertEquals(DeadLetterReason.CORRUPT_IMAGE,
        jpeg(Arrays.copyOf(jpeg, jpeg.length - 2)).reason());
    assertEquals(DeadLetterReason.CORRUPT_IMAGE, png(new byte[0]).reason());
    assertEquals(DeadLetterReason.CORRUPT_IMAGE, jpeg(Arrays.copyOf(jpeg, 3)).reason());
  }

  @Test
  void aCmykJpegIsUnsupported() {
    byte[] cmyk = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 20, 8, 0, 8, 0, 8, 4,
        1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0, (byte) 0xFF, (byte) 0xD9};

    assertEquals(DeadLetterReason.UNSUPPORTED_IMAGE, jpeg(cmyk).reason());
  }

  @Test
  void rawPixelsMustFillTheirShape() {
    assertEquals(new ImageHeader(ImageEncoding.RAW_U8, 4, 2, 2),
        ImageHeaders.raw(16, 4, 2, 2).orElseThrow(Failure::new));
    assertEquals(DeadLetterReason.SIZE_MISMATCH, ImageHeaders.raw(15, 4, 2, 2).reason());
    assertEquals(DeadLetterReason.INVALID_FRAME, ImageHeaders.raw(40, 4, 2, 5).reason());
  }

  private static final class Failure extends AssertionError {
    Failure(DeadLetterReason reason, String detail) {
      super(reason + ": " + detail);
    }
  }
}
