package org.screening.gateway.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.screening.gateway.http.HttpProblem;

/** Raw frames read back from Kafka are served as PNG; a header no image fits is a 404. */
class RawFramePngTest {

  @Test
  void rawFrameWithoutWidthOrHeightIsNotFoundRatherThanAServerError() {
    HttpProblem problem = assertThrows(HttpProblem.class,
        () -> FrameImages.png(new byte[0], 0, 0, 3));
    assertEquals(404, problem.status());
  }

  @Test
  void rawFrameWithNegativeSizesWhoseProductMatchesIsNotFound() {
    HttpProblem problem = assertThrows(HttpProblem.class,
        () -> FrameImages.png(new byte[4], -2, -2, 1));
    assertEquals(404, problem.status());
  }

  @Test
  void rawGreyAndAlphaPixelsBecomeAPngOfTheFramesSizeKeepingTheAlpha() throws Exception {
    byte[] pixels = {10, (byte) 255, 20, (byte) 128, 30, 0};
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(FrameImages.png(pixels, 3, 1, 2)));
    assertEquals(3, png.getWidth());
    assertEquals(1, png.getHeight());
    assertEquals(0xFF0A0A0A, png.getRGB(0, 0));
    assertEquals(128, png.getRGB(1, 0) >>> 24);
    assertEquals(30, png.getRGB(2, 0) & 0xFF, "fully transparent pixels keep their grey");
  }
}
