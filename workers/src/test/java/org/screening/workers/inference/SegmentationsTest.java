package org.screening.workers.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
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
    Segmentation s = Segmentations.of(probabilities, 4, 3, 4, 3);
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
    Segmentation s = Segmentations.of(new float[9], 3, 3, 3, 3);
    assertEquals(0f, s.getForegroundFraction());
    assertNull(s.getBbox());
  }

  @Test
  void maskIsGivenAtTheFramesSizeWithItsBoxInFramePixels() throws Exception {
    // A 4x4 model output whose left half is foreground, for a 16x8 frame.
    float[] probabilities = new float[4 * 4];
    for (int y = 0; y < 4; y++) {
      probabilities[y * 4] = 1f;
      probabilities[y * 4 + 1] = 1f;
    }
    Segmentation s = Segmentations.of(probabilities, 4, 4, 16, 8);
    assertEquals(List.of(16, 8), List.of(s.getWidth(), s.getHeight()));
    BufferedImage mask = png(s.getMaskPng());
    assertEquals(List.of(16, 8), List.of(mask.getWidth(), mask.getHeight()));
    assertEquals(255, mask.getRaster().getSample(7, 4, 0));
    assertEquals(0, mask.getRaster().getSample(8, 4, 0));
    assertEquals(0.5f, s.getForegroundFraction(), 1e-6);
    BoundingBox box = s.getBbox();
    assertEquals(List.of(0, 0, 8, 8),
        List.of(box.getX(), box.getY(), box.getWidth(), box.getHeight()));
  }

  @Test
  void maskEdgeBetweenModelPixelsIsSmoothAtTheFramesSize() throws Exception {
    // One model pixel sure, its right neighbour at 0.25: bilinear probabilities put the edge
    // where the probability crosses 0.5 (5 of 8 frame pixels), where nearest on the binary mask
    // would cut at the model pixels' boundary (4 of 8).
    float[] probabilities = {1f, 0.25f};
    BufferedImage mask = png(Segmentations.of(probabilities, 2, 1, 8, 1).getMaskPng());
    int[] row = mask.getRaster().getSamples(0, 0, 8, 1, 0, new int[8]);
    assertEquals(List.of(255, 255, 255, 255, 255, 0, 0, 0),
        Arrays.stream(row).boxed().toList());
  }

  @Test
  void undecidedPixelsMakeAFullyUncertainMask() {
    float[] probabilities = new float[64];
    Arrays.fill(probabilities, 0.5f);
    assertEquals(1f, Segmentations.uncertainty(probabilities), 1e-6);
  }

  @Test
  void pixelsThatAreSureMakeACertainMask() {
    assertEquals(0f, Segmentations.uncertainty(new float[] {0f, 1f, 1f, 0f}));
  }

  @Test
  void maskUncertaintyIsTheMeanOfItsPixelsBinaryEntropy() {
    // Half the pixels undecided (1 each), half sure (0 each).
    assertEquals(0.5f, Segmentations.uncertainty(new float[] {0.5f, 0.5f, 1f, 0f}), 1e-6);
  }

  private static BufferedImage png(ByteBuffer bytes) throws Exception {
    byte[] data = new byte[bytes.remaining()];
    bytes.duplicate().get(data);
    return ImageIO.read(new ByteArrayInputStream(data));
  }
}
