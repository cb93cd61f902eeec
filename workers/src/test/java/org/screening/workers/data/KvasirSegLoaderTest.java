package org.screening.workers.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvasirSegLoaderTest {

  @TempDir
  Path root;

  private final KvasirSegLoader loader = new KvasirSegLoader();

  @Test
  void pairsImagesWithMasksOfTheSameName() throws IOException {
    TestImages.solid(root.resolve("images/cju0qkwl35piu0993l0dewei2.jpg"), 64, 48, 0xc06050, "jpg");
    // Polyp in the left quarter of the frame.
    TestImages.mask(root.resolve("masks/cju0qkwl35piu0993l0dewei2.jpg"), 64, 48, (x, y) -> x < 16 ? 1 : 0, "jpg");
    TestImages.solid(root.resolve("images/second.png"), 32, 32, 0x102030, "png");
    TestImages.mask(root.resolve("masks/second.png"), 32, 32, (x, y) -> 0, "png");

    Dataset d = loader.load(root, 16, 16);

    assertEquals(Task.SEGMENT, d.task());
    assertEquals(List.of(), d.classNames());
    assertEquals(List.of("cju0qkwl35piu0993l0dewei2", "second"), d.samples().stream().map(Sample::id).toList());
    Sample polyp = d.samples().get(0);
    assertEquals(-1, polyp.label());
    assertEquals(0.25, TestImages.mean(polyp.mask()), 1e-9);
    assertEquals(0, TestImages.mean(d.samples().get(1).mask()));
    assertArrayEquals(new float[] {0x10 / 255f, 0x20 / 255f, 0x30 / 255f},
        Arrays.copyOfRange(d.samples().get(1).pixels(), 0, 3), 1e-6f);
  }

  @Test
  void pngMaskMayAccompanyJpegImage() throws IOException {
    TestImages.solid(root.resolve("images/a.jpg"), 8, 8, 0x808080, "jpg");
    TestImages.mask(root.resolve("masks/a.png"), 8, 8, (x, y) -> 1, "png");
    assertEquals(1.0, TestImages.mean(loader.load(root, 8, 8).samples().get(0).mask()));
  }

  @Test
  void imageWithoutMaskIsNamed() throws IOException {
    TestImages.solid(root.resolve("images/a.jpg"), 8, 8, 0, "jpg");
    TestImages.solid(root.resolve("images/b.jpg"), 8, 8, 0, "jpg");
    TestImages.mask(root.resolve("masks/a.jpg"), 8, 8, (x, y) -> 1, "jpg");
    IOException e = assertThrows(IOException.class, () -> loader.load(root, 8, 8));
    assertTrue(e.getMessage().contains("b.jpg: image without mask"), e.getMessage());
  }

  @Test
  void missingMasksFolderIsNamed() throws IOException {
    TestImages.solid(root.resolve("images/a.jpg"), 8, 8, 0, "jpg");
    IOException e = assertThrows(IOException.class, () -> loader.load(root, 8, 8));
    assertTrue(e.getMessage().contains("masks"), e.getMessage());
  }

  @Test
  void slabPrefixKeepsAdjacentSlicesTogether() throws IOException {
    for (int i = 0; i < 24; i++) {
      String name = "mri-axial-slab" + (i / 8) + "__mri-axial-" + i + ".png";
      TestImages.solid(root.resolve("images/" + name), 8, 8, 0x404040, "png");
      TestImages.mask(root.resolve("masks/" + name), 8, 8, (x, y) -> x < 4 ? 1 : 0, "png");
    }
    Dataset d = loader.load(root, 8, 8);
    assertEquals("mri-axial-slab1", d.samples().stream()
        .filter(s -> s.id().equals("mri-axial-slab1__mri-axial-9")).findFirst().orElseThrow().group());
    Split split = d.split(0.3, 2);
    assertEquals(8, split.heldOut().size());
    assertEquals(1, split.heldOut().samples().stream().map(Sample::group).distinct().count());
    assertFalse(d.samples().get(0).group().contains("__"));
  }
}
