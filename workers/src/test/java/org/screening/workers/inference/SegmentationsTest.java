package org.screening.workers.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.screening.schemas.v1.BoundingBox;
import org.screening.schemas.v1.Segmentation;

class SegmentationsTest {

  @Test
  void maskIsThresholdedAtOneHalfWithItsBoundingBox() throws Exception {
    float[] probabilities = new float[4 * 3];
    probabilities[1 * 4 + 1] = 0.5f;
    probabilities[2 * 4 + 2] = 0.9f;
    probabilities[0] = 0.49f;
    Segmentation s = Segmentations.of(probabilities, 4, 3);
    assertEquals(2f / 12, s.getForegroundFraction(), 1e-6);
    BoundingBox box = s.getBbox();
    assertEquals(List.of(1, 1, 2, 2),
        List.of(box.getX(), box.getY(), box.getWidth(), box.getHeight()));
    BufferedImage mask = png(s.getMaskPng());
    assertEquals(4, mask.getWidth());
    assertEquals(255, mask.getRaster().getSample(2, 2, 0));
    assertEquals(0, mask.getRaster().getSample(0, 0, 0));
  }

  @Test
  void emptyMaskHasNoBoundingBox() {
    Segmentation s = Segmentations.of(new float[9], 3, 3);
    assertEquals(0f, s.getForegroundFraction());
    assertNull(s.getBbox());
  }

  private static BufferedImage png(ByteBuffer bytes) throws Exception {
    byte[] data = new byte[bytes.remaining()];
    bytes.duplicate().get(data);
    return ImageIO.read(new ByteArrayInputStream(data));
  }
}
