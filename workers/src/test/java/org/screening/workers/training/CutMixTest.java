package org.screening.workers.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.screening.workers.data.Sample;
import org.tensorflow.ndarray.buffer.DataBuffers;

class CutMixTest {

  private static final int SIZE = 28;

  @Test
  void boxForLambdaThreeQuartersCoversAQuarterOfTheImage() {
    CutMix.Box box = CutMix.box(0.75, 0.5, 0.5, SIZE, SIZE);
    assertEquals(new CutMix.Box(7, 7, 21, 21), box);
    assertEquals(SIZE * SIZE / 4, box.area());
  }

  @Test
  void boxAtTheCornerIsClippedToTheImage() {
    assertEquals(new CutMix.Box(0, 0, 7, 7), CutMix.box(0.75, 0, 0, SIZE, SIZE));
  }

  @Test
  void mixedBatchLabelsEachImageByTheShareOfPixelsItKept() {
    // Image 0 is all 0 (class 0), image 1 all 1 (class 2): a pixel's value says whose it is.
    List<Sample> samples = List.of(sample(0f, 0), sample(1f, 2));
    float[] images = new float[2 * SIZE * SIZE * 3];
    float[] soft = new float[2 * 3];
    boolean mixedAny = false;
    for (long seed = 0; seed < 5 && !mixedAny; seed++) {
      try (Batch batch = new CutMix(1f, seed).batch(samples, SIZE, SIZE, 3)) {
        assertNull(batch.labels());
        batch.images().copyTo(DataBuffers.of(images));
        batch.softLabels().copyTo(DataBuffers.of(soft));
      }
      float[] first = Arrays.copyOf(images, SIZE * SIZE * 3);
      double fromPartner = 0;
      for (float v : first) {
        fromPartner += v;
      }
      fromPartner /= first.length;
      mixedAny = fromPartner > 0;
      assertArrayEquals(new float[] {(float) (1 - fromPartner), 0, (float) fromPartner},
          Arrays.copyOf(soft, 3), 1e-6f, "seed " + seed);
    }
    assertTrue(mixedAny, "five seeds pasted nothing from a partner");
  }

  @Test
  void probabilityZeroLeavesTheBatchWithItsClassLabels() {
    try (Batch batch = new CutMix(0f, 1).batch(List.of(sample(0f, 0), sample(1f, 1)), SIZE, SIZE,
        2)) {
      assertNotNull(batch.labels());
      assertNull(batch.softLabels());
    }
  }

  private static Sample sample(float value, int label) {
    float[] pixels = new float[SIZE * SIZE * 3];
    Arrays.fill(pixels, value);
    return new Sample("s" + label, null, pixels, label, null);
  }
}
