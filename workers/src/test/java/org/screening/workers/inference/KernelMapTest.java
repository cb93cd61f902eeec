package org.screening.workers.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.screening.schemas.v1.BatchInfo;
import org.screening.schemas.v1.FrameRef;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Task;
import org.screening.schemas.v1.Timings;
import org.screening.workers.config.UncertaintyMethod;
import org.screening.workers.decode.FrameMeta;
import org.screening.workers.export.SavedModelExporter;

/** The involution kernel maps of the shipped Med-IC models, found by the names on their cards. */
class KernelMapTest {

  private static final Path MODELS = Path.of("..").toAbsolutePath().normalize().resolve("models");

  private static float[] random(int floats, long seed) {
    Random random = new Random(seed);
    float[] values = new float[floats];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextFloat();
    }
    return values;
  }

  @Test
  void theClassifiersKernelMapIsEachPixelsKernelEnergyAboveItsImagesLowest() throws Exception {
    try (LoadedModel model = ModelLoader.load(MODELS.resolve("medic-cls/1"))) {
      // The signature's involution_kernel output, exported with the model, is the tensor the
      // card's explain.involution_kernel must name: [2, 28, 28, 1, 9].
      Map<String, float[]> out = Predictions.run(model, random(2 * 28 * 28 * 3, 3), 2,
          Set.of(SavedModelExporter.INVOLUTION_KERNEL, KernelMap.OUTPUT));
      float[] kernels = out.get(SavedModelExporter.INVOLUTION_KERNEL);
      float[] map = out.get(KernelMap.OUTPUT);
      int pixels = 28 * 28;
      int taps = kernels.length / (2 * pixels);
      assertEquals(9, taps);
      for (int image = 0; image < 2; image++) {
        double[] energy = new double[pixels];
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        for (int p = 0; p < pixels; p++) {
          for (int t = 0; t < taps; t++) {
            double k = kernels[(image * pixels + p) * taps + t];
            energy[p] += k * k;
          }
          lowest = Math.min(lowest, energy[p]);
          highest = Math.max(highest, energy[p]);
        }
        assertTrue(highest > lowest, "the shipped kernels differ from pixel to pixel");
        for (int p = 0; p < pixels; p++) {
          assertEquals(energy[p] - lowest, map[image * pixels + p], 1e-4 * highest,
              "image " + image + " pixel " + p);
        }
      }
    }
  }

  @Test
  void aFrameAskingToExplainGetsTheShippedSegmentersKernelMapAtItsSize() throws Exception {
    try (LoadedModel loaded = ModelLoader.load(MODELS.resolve("medic-seg/1"))) {
      ServedModel model = new ServedModel("seg", loaded, Task.SEGMENT, null, 1,
          UncertaintyMethod.ENTROPY);
      Map<String, float[]> outputs = InferenceStep.SESSION.run(loaded,
          random(128 * 128 * 3, 4), 1, true);
      FrameMeta frame = new FrameMeta("f-1", "tenant-a", "feed-1", 1, Instant.EPOCH,
          Modality.OTHER, QosClass.BATCH, null, 300, 200, true);

      Result result = new ResultFactory("worker-1").inferred(frame,
          FrameRef.newBuilder().setTopic("frames").setPartition(0).setOffset(1).build(),
          new Route(Task.SEGMENT, model), outputs,
          Timings.newBuilder().setQueueMs(0).setDecodeMs(0).setInferenceMs(0).setEndToEndMs(0)
              .build(),
          BatchInfo.newBuilder().setBatchId("b").setBatchSize(1).build());

      ByteBuffer png = result.getInvolutionKernelPng();
      assertNotNull(png, "a frame asking to explain gets the kernel map");
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.array(),
          png.arrayOffset() + png.position(), png.remaining()));
      assertEquals(300, image.getWidth());
      assertEquals(200, image.getHeight());
      int lowest = 255;
      int highest = 0;
      for (int y = 0; y < 200; y++) {
        for (int x = 0; x < 300; x++) {
          int grey = image.getRaster().getSample(x, y, 0);
          lowest = Math.min(lowest, grey);
          highest = Math.max(highest, grey);
        }
      }
      assertEquals(255, highest, "scaled to the frame's highest energy");
      assertEquals(0, lowest, "less the frame's lowest");
    }
  }
}
