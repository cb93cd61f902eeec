package org.screening.workers.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MalariaLoaderTest {

  @TempDir
  Path root;

  private final MalariaLoader loader = new MalariaLoader();

  @BeforeEach
  void publishedLayout() throws IOException {
    Path cells = root.resolve("cell_images");
    for (int i = 0; i < 3; i++) {
      TestImages.solid(cells.resolve("Parasitized/C" + i + "_thinF_IMG_cell_" + i + ".png"), 40, 30, 0xc080a0, "png");
    }
    for (int i = 0; i < 2; i++) {
      TestImages.solid(cells.resolve("Uninfected/C" + i + "_NIH_cell_" + i + ".png"), 50, 44, 0xe0c0d0, "png");
    }
    // The published archive carries Windows thumbnail caches next to the images.
    Files.writeString(cells.resolve("Parasitized/Thumbs.db"), "cache");
  }

  @Test
  void loadsBothClassesFromTheFolderAboveCellImages() throws IOException {
    Dataset d = loader.load(root, 28, 28);
    assertEquals(List.of("Parasitized", "Uninfected"), d.classNames());
    assertEquals(5, d.size());
    assertEquals(3, d.samples().stream().filter(s -> s.label() == 0).count());
    assertArrayEquals(new float[] {0xe0 / 255f, 0xc0 / 255f, 0xd0 / 255f},
        Arrays.copyOfRange(d.samples().get(4).pixels(), 0, 3), 1e-6f);
  }

  @Test
  void acceptsCellImagesItselfAsRoot() throws IOException {
    assertEquals(5, loader.load(root.resolve("cell_images"), 28, 28).size());
  }

  @Test
  void missingClassFolderIsNamed() throws IOException {
    Path other = Files.createDirectories(root.resolve("elsewhere/cell_images/Parasitized"));
    TestImages.solid(other.resolve("a.png"), 4, 4, 0, "png");
    IOException e = assertThrows(IOException.class, () -> loader.load(root.resolve("elsewhere"), 28, 28));
    assertTrue(e.getMessage().contains("Uninfected"), e.getMessage());
  }
}
