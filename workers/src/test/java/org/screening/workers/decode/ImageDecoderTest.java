package org.screening.workers.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.screening.schemas.DeadLetterReason;
import org.screening.schemas.v1.ImageEncoding;
import org.screening.schemas.validation.ImageHeader;

class ImageDecoderTest {

  private final ImageDecoder decoder =
      new ImageDecoder(new DecodeLimits(1 << 20, 1000, 1000, 250_000, 4));

  private DecodedImage decode(ImageEncoding encoding, byte[] bytes, int w, int h, int c)
      throws RejectedFrameException {
    return decoder.decode(ByteBuffer.wrap(bytes), new ImageHeader(encoding, w, h, c));
  }

  private DeadLetterReason rejection(ImageEncoding encoding, byte[] bytes, int w, int h, int c) {
    return assertThrows(RejectedFrameException.class, () -> decode(encoding, bytes, w, h, c))
        .reason();
  }

  @Test
  void rgbPngDecodesToItsPixels() throws Exception {
    DecodedImage image = decode(ImageEncoding.PNG,
        TestPictures.encode(TestPictures.gradient(4, 3), "png"), 4, 3, 3);
    assertEquals(4, image.width());
    assertEquals(3, image.height());
    int p = (2 * 4 + 3) * 3;
    assertArrayEquals(new float[] {24 / 255f, 16 / 255f, 100 / 255f},
        Arrays.copyOfRange(image.rgb(), p, p + 3));
  }

  @Test
  void greyPngIsReplicatedToThreeChannels() throws Exception {
    BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(1, 0, 0, 51);
    DecodedImage image = decode(ImageEncoding.PNG, TestPictures.encode(grey, "png"), 2, 1, 1);
    assertArrayEquals(new float[] {0, 0, 0, 0.2f, 0.2f, 0.2f}, image.rgb());
  }

  @Test
  void rgbaPngLosesItsAlpha() throws Exception {
    BufferedImage rgba = new BufferedImage(1, 1, BufferedImage.TYPE_4BYTE_ABGR);
    rgba.setRGB(0, 0, 0x10FF0000);
    DecodedImage image = decode(ImageEncoding.PNG, TestPictures.encode(rgba, "png"), 1, 1, 4);
    assertArrayEquals(new float[] {1, 0, 0}, image.rgb());
  }

  @Test
  void palettePngCountsAsThreeChannelsAndIsLookedUp() throws Exception {
    IndexColorModel palette = new IndexColorModel(8, 2,
        new byte[] {0, (byte) 255}, new byte[] {0, (byte) 128}, new byte[] {0, 0});
    BufferedImage indexed = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
    indexed.getRaster().setSample(0, 0, 0, 1);
    DecodedImage image = decode(ImageEncoding.PNG, TestPictures.encode(indexed, "png"), 1, 1, 3);
    assertArrayEquals(new float[] {1, 128 / 255f, 0}, image.rgb());
  }

  @Test
  void sixteenBitPngKeepsItsPrecision() throws Exception {
    BufferedImage deep = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
    deep.getRaster().setSample(0, 0, 0, 32769);
    DecodedImage image = decode(ImageEncoding.PNG, TestPictures.encode(deep, "png"), 1, 1, 1);
    assertEquals(32769 / 65535f, image.rgb()[0], 1e-7f);
  }

  @Test
  void jpegDecodesToItsSize() throws Exception {
    DecodedImage image = decode(ImageEncoding.JPEG,
        TestPictures.encode(TestPictures.gradient(16, 8), "jpeg"), 16, 8, 3);
    assertEquals(16 * 8 * 3, image.rgb().length);
    assertEquals(100 / 255f, image.rgb()[2], 0.05f);
  }

  @Test
  void rawRgbaLosesItsAlpha() throws Exception {
    byte[] raw = {(byte) 255, 0, 0, 7, 0, (byte) 255, 0, 7};
    DecodedImage image = decode(ImageEncoding.RAW_U8, raw, 2, 1, 4);
    assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0}, image.rgb());
  }

  @Test
  void rawOfTheWrongLengthIsASizeMismatch() {
    assertEquals(DeadLetterReason.SIZE_MISMATCH,
        rejection(ImageEncoding.RAW_U8, new byte[11], 2, 2, 3));
  }

  @Test
  void frameSizeDisagreeingWithThePngHeaderIsASizeMismatch() {
    byte[] png = TestPictures.encode(TestPictures.gradient(4, 3), "png");
    assertEquals(DeadLetterReason.SIZE_MISMATCH, rejection(ImageEncoding.PNG, png, 3, 4, 3));
  }

  @Test
  void frameChannelsDisagreeingWithTheJpegAreASizeMismatch() {
    byte[] jpeg = TestPictures.encode(TestPictures.gradient(4, 3), "jpeg");
    assertEquals(DeadLetterReason.SIZE_MISMATCH, rejection(ImageEncoding.JPEG, jpeg, 4, 3, 1));
  }

  @Test
  void pngHeaderOverTheLimitsIsRefusedBeforeAnyPixelIsDecoded() {
    // 100000 x 100000 would be 30 GB of RGB: only the header is ever read.
    byte[] png = TestPictures.pngHeaderOnly(100_000, 100_000);
    RejectedFrameException e = assertThrows(RejectedFrameException.class,
        () -> decode(ImageEncoding.PNG, png, 10, 10, 3));
    assertEquals(DeadLetterReason.IMAGE_TOO_LARGE, e.reason());
    assertTrue(e.getMessage().contains("PNG header"), e.getMessage());
  }

  @Test
  void frameDeclaringMorePixelsThanAllowedIsTooLarge() {
    assertEquals(DeadLetterReason.IMAGE_TOO_LARGE,
        rejection(ImageEncoding.RAW_U8, new byte[3], 600, 600, 1));
  }

  @Test
  void payloadOverTheByteLimitIsTooLarge() {
    assertEquals(DeadLetterReason.IMAGE_TOO_LARGE,
        rejection(ImageEncoding.RAW_U8, new byte[(1 << 20) + 1], 1024, 1025, 1));
  }

  @Test
  void truncatedPngIsCorrupt() {
    byte[] png = TestPictures.encode(TestPictures.gradient(8, 8), "png");
    assertEquals(DeadLetterReason.CORRUPT_IMAGE,
        rejection(ImageEncoding.PNG, Arrays.copyOf(png, png.length - 30), 8, 8, 3));
  }

  @Test
  void truncatedJpegIsCorruptRatherThanHalfGrey() {
    byte[] jpeg = TestPictures.encode(TestPictures.gradient(64, 64), "jpeg");
    assertEquals(DeadLetterReason.CORRUPT_IMAGE,
        rejection(ImageEncoding.JPEG, Arrays.copyOf(jpeg, jpeg.length / 2), 64, 64, 3));
  }

  @Test
  void bytesThatAreNoPngAreCorrupt() {
    assertEquals(DeadLetterReason.CORRUPT_IMAGE,
        rejection(ImageEncoding.PNG, "not an image at all, only text".getBytes(), 8, 8, 3));
  }

  @Test
  void pngSentAsJpegIsCorrupt() {
    byte[] png = TestPictures.encode(TestPictures.gradient(8, 8), "png");
    assertEquals(DeadLetterReason.CORRUPT_IMAGE, rejection(ImageEncoding.JPEG, png, 8, 8, 3));
  }

  @Test
  void greyAlphaPngIsTwoChannelsReplicatedWithoutItsAlpha() throws Exception {
    DecodedImage image = decode(ImageEncoding.PNG, TestPictures.greyAlphaPng(4, 2), 4, 2, 2);

    int p = (1 * 4 + 3) * 3;
    assertArrayEquals(new float[] {1f, 1f, 1f}, Arrays.copyOfRange(image.rgb(), p, p + 3));
    assertArrayEquals(new float[] {0f, 0f, 0f}, Arrays.copyOfRange(image.rgb(), 0, 3));
  }

  @Test
  void rawGreyAlphaLosesItsAlpha() throws Exception {
    byte[] greyAlpha = {10, (byte) 255, (byte) 200, 0};
    DecodedImage image = decode(ImageEncoding.RAW_U8, greyAlpha, 2, 1, 2);

    assertArrayEquals(new float[] {10 / 255f, 10 / 255f, 10 / 255f, 200 / 255f, 200 / 255f,
        200 / 255f}, image.rgb());
  }

  @Test
  void pngWhoseHeaderFailsItsCrcIsCorrupt() {
    byte[] png = TestPictures.encode(TestPictures.gradient(8, 8), "png");
    png[17] ^= 0x40; // a byte of the width

    assertEquals(DeadLetterReason.CORRUPT_IMAGE, rejection(ImageEncoding.PNG, png, 8, 8, 3));
  }

  @Test
  void cmykJpegIsUnsupported() {
    // Start of image, a baseline frame header of 4 components, end of image.
    byte[] cmyk = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 20, 8, 0, 8, 0, 8, 4,
        1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0, (byte) 0xFF, (byte) 0xD9};

    assertEquals(DeadLetterReason.UNSUPPORTED_IMAGE,
        rejection(ImageEncoding.JPEG, cmyk, 8, 8, 4));
  }

  @Test
  void jpegIsTurnedAsItsExifOrientationSays() throws Exception {
    // Stored 16 wide, 8 high: left half red, right half blue. Orientation 6: turn a quarter
    // clockwise to show, so the shown image is 8 wide, 16 high, red on top.
    BufferedImage stored = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 16; x++) {
        stored.setRGB(x, y, x < 8 ? 0xFF0000 : 0x0000FF);
      }
    }
    byte[] jpeg = TestPictures.withExifOrientation(TestPictures.encode(stored, "jpeg"), 6);

    DecodedImage shown = decode(ImageEncoding.JPEG, jpeg, 16, 8, 3);

    assertEquals(8, shown.width());
    assertEquals(16, shown.height());
    int top = (2 * 8 + 4) * 3;
    int bottom = (13 * 8 + 4) * 3;
    assertTrue(shown.rgb()[top] > 0.8f && shown.rgb()[top + 2] < 0.2f, "red on top");
    assertTrue(shown.rgb()[bottom] < 0.2f && shown.rgb()[bottom + 2] > 0.8f, "blue below");
  }
}
