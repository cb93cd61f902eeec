package org.screening.workers.data.prepare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.workers.data.Images;

class SliceImagesTest {

  @TempDir
  Path dir;

  private static VolumeSlice filled(int width, int height, double sx, double sy) {
    float[] values = new float[width * height];
    Arrays.fill(values, 1);
    return new VolumeSlice(width, height, sx, sy, values);
  }

  @Test
  void wideSliceIsCentredBetweenBlackBands() {
    float[] out = SliceImages.fitToSquare(filled(4, 2, 1, 1), 4, false);
    assertArrayEquals(new float[] {0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0}, out, 1e-6f);
  }

  @Test
  void thickSlicesAreStretchedToTheirPhysicalHeight() {
    // 4 x 2 pixels of 1 x 2 mm is a 4 x 4 mm square: it fills the output.
    float[] out = SliceImages.fitToSquare(filled(4, 2, 1, 2), 4, true);
    for (float v : out) {
      assertEquals(1f, v);
    }
  }

  @Test
  void writtenImagesReadBackAsTheSameGreyInAllChannels() throws IOException {
    float[] grey = {0, 0.5f, 1, 0.25f};
    Path file = dir.resolve("s.png");
    SliceImages.writeRgb(grey, 2, file);
    BufferedImage image = Images.read(file);
    assertEquals(BufferedImage.TYPE_3BYTE_BGR, image.getType());
    float[] rgb = Images.rgb(image);
    for (int i = 0; i < grey.length; i++) {
      for (int c = 0; c < 3; c++) {
        assertEquals(grey[i], rgb[i * 3 + c], 0.51f / 255);   // rounded to the nearest 8-bit level
      }
    }
  }
}
