package org.screening.workers.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusiLoaderTest {

  @TempDir
  Path root;

  private Path busi;

  private final BusiLoader loader = new BusiLoader();

  private Dataset load() throws IOException {
    return loader.load(root, 16, 16);
  }

  private Sample byId(Dataset d, String id) {
    return d.samples().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  @BeforeEach
  void publishedLayout() {
    busi = root.resolve("Dataset_BUSI_with_GT");
    for (int i = 1; i <= 4; i++) {
      TestImages.solid(busi.resolve("benign/benign (" + i + ").png"), 32, 32, 0x505050, "png");
      TestImages.mask(busi.resolve("benign/benign (" + i + ")_mask.png"), 32, 32, (x, y) -> y < 8 ? 1 : 0, "png");
    }
    // Two lesions: the second one in its own _mask_1 file.
    TestImages.solid(busi.resolve("malignant/malignant (1).png"), 32, 32, 0x303030, "png");
    TestImages.mask(busi.resolve("malignant/malignant (1)_mask.png"), 32, 32, (x, y) -> x < 8 ? 1 : 0, "png");
    TestImages.mask(busi.resolve("malignant/malignant (1)_mask_1.png"), 32, 32, (x, y) -> x >= 24 ? 1 : 0, "png");
    TestImages.solid(busi.resolve("normal/normal (1).png"), 32, 32, 0x202020, "png");
    TestImages.mask(busi.resolve("normal/normal (1)_mask.png"), 32, 32, (x, y) -> 0, "png");
  }

  @Test
  void everyImageGetsItsMaskAndItsFolderAsClass() throws IOException {
    Dataset d = load();
    assertEquals(Task.SEGMENT, d.task());
    assertEquals(List.of("benign", "malignant", "normal"), d.classNames());
    assertEquals(6, d.size());
    assertEquals(0.25, TestImages.mean(byId(d, "benign/benign (2)").mask()), 1e-9);
    assertEquals(0, TestImages.mean(byId(d, "normal/normal (1)").mask()));
    assertEquals(1, byId(d, "malignant/malignant (1)").label());
    assertEquals(2, byId(d, "normal/normal (1)").label());
  }

  @Test
  void extraLesionMasksAreUnitedWithTheFirst() throws IOException {
    assertEquals(0.5, TestImages.mean(byId(load(), "malignant/malignant (1)").mask()), 1e-9);
  }

  @Test
  void acceptsTheDatasetFolderItselfAsRoot() throws IOException {
    assertEquals(6, loader.load(busi, 8, 8).size());
  }

  @Test
  void imageWithoutMaskIsNamed() throws IOException {
    Files.delete(busi.resolve("benign/benign (3)_mask.png"));
    IOException e = assertThrows(IOException.class, this::load);
    assertTrue(e.getMessage().contains("benign (3).png: image without mask"), e.getMessage());
  }

  @Test
  void maskWithoutImageIsNamed() throws IOException {
    Files.delete(busi.resolve("normal/normal (1).png"));
    IOException e = assertThrows(IOException.class, this::load);
    assertTrue(e.getMessage().contains("mask without image normal (1).png"), e.getMessage());
  }
}
