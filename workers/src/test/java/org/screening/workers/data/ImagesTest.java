package org.screening.workers.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {

  @TempDir
  Path dir;

  @Test
  void greyPngBecomesThreeEqualChannelsWithoutGammaShift() throws IOException {
    BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(0, 0, 0, 100);
    grey.getRaster().setSample(1, 0, 0, 255);
    float[] rgb = Images.rgb(Images.read(TestImages.write(dir.resolve("g.png"), grey, "png")));
    assertArrayEquals(new float[] {100 / 255f, 100 / 255f, 100 / 255f, 1, 1, 1}, rgb, 1e-6f);
  }

  @Test
  void sixteenBitGreyIsScaledByItsFullRange() throws IOException {
    BufferedImage grey = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
    grey.getRaster().setSample(0, 0, 0, 1000);
    float[] rgb = Images.rgb(Images.read(TestImages.write(dir.resolve("g16.png"), grey, "png")));
    assertArrayEquals(new float[] {1000 / 65535f, 1000 / 65535f, 1000 / 65535f}, rgb, 1e-7f);
  }

  @Test
  void paletteIndicesAreLookedUp() throws IOException {
    byte[] reds = {0, (byte) 200};
    byte[] greens = {0, 10};
    byte[] blues = {0, 50};
    BufferedImage indexed = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_INDEXED,
        new IndexColorModel(8, 2, reds, greens, blues));
    indexed.getRaster().setSample(0, 0, 0, 1);
    float[] rgb = Images.rgb(Images.read(TestImages.write(dir.resolve("p.png"), indexed, "png")));
    assertArrayEquals(new float[] {200 / 255f, 10 / 255f, 50 / 255f}, rgb, 1e-6f);
  }

  @Test
  void aSubimageReadsItsOwnPixelsNotItsParents() {
    BufferedImage parent = new BufferedImage(3, 2, BufferedImage.TYPE_3BYTE_BGR);
    parent.setRGB(2, 1, 0x10_20_30);
    float[] rgb = Images.rgb(parent.getSubimage(2, 1, 1, 1));
    assertArrayEquals(new float[] {0x10 / 255f, 0x20 / 255f, 0x30 / 255f}, rgb, 0f);
  }

  @Test
  void alphaIsDroppedNotBlended() throws IOException {
    BufferedImage rgba = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
    rgba.setRGB(0, 0, 0x40_20_80_ff);
    float[] rgb = Images.rgb(Images.read(TestImages.write(dir.resolve("a.png"), rgba, "png")));
    assertArrayEquals(new float[] {0x20 / 255f, 0x80 / 255f, 1}, rgb, 1e-6f);
  }

  @Test
  void shrinkingWeighsEverySourcePixelWithAWidenedTriangle() {
    // 8 columns: 4 red then 4 blue, halved. Output column 1 covers source columns 1..4 with weights
    // 1/8, 3/8, 3/8, 1/8, so one eighth of its colour comes from the first blue column.
    float[] src = new float[8 * 3];
    for (int x = 0; x < 8; x++) {
      src[x * 3 + (x < 4 ? 0 : 2)] = 1;
    }
    float[] out = Images.resizeBilinear(src, 1, 8, 3, 1, 4);
    assertArrayEquals(new float[] {1, 0, 0, 0.875f, 0, 0.125f, 0.125f, 0, 0.875f, 0, 0, 1}, out, 1e-6f);
  }

  @Test
  void enlargingInterpolatesBetweenPixelCentresAndClampsAtEdges() {
    float[] out = Images.resizeBilinear(new float[] {0, 1}, 1, 2, 1, 1, 4);
    assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, out, 1e-6f);
  }

  @Test
  void nearestResizeNeverInventsValues() {
    float[] out = Images.resizeNearest(new float[] {0, 1, 0, 1}, 2, 2, 1, 3, 3);
    for (float v : out) {
      assertTrue(v == 0 || v == 1);
    }
    assertArrayEquals(new float[] {0, 1, 1, 0, 1, 1, 0, 1, 1}, out);
  }

  @Test
  void masksAreBinarisedAtHalfOfFullScale() throws IOException {
    BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(0, 0, 0, 0);
    grey.getRaster().setSample(1, 0, 0, 127);
    grey.getRaster().setSample(2, 0, 0, 200);
    Path file = TestImages.write(dir.resolve("m.png"), grey, "png");
    assertArrayEquals(new float[] {0, 0, 1}, Images.loadMask(file, 1, 3));
  }

  @Test
  void jpegMaskNoiseDoesNotLeakIntoTheMask() throws IOException {
    Path file = TestImages.mask(dir.resolve("m.jpg"), 64, 64, (x, y) -> x < 16 ? 1 : 0, "jpg");
    float[] mask = Images.loadMask(file, 64, 64);
    assertEquals(0.25, TestImages.mean(mask), 1e-9);
  }

  @Test
  void undecodableFileIsNamedInTheError() throws IOException {
    Path file = Files.writeString(dir.resolve("broken.png"), "not an image");
    IOException e = assertThrows(IOException.class, () -> Images.loadRgb(file, 4, 4));
    assertTrue(e.getMessage().contains("broken.png"), e.getMessage());
  }
}
