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
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderLoaderTest {

  @TempDir
  Path root;

  private final ImageFolderLoader loader = new ImageFolderLoader();

  @Test
  void classesAreTheSortedFolderNamesAndEveryImageIsLoaded() throws IOException {
    TestImages.solid(root.resolve("sagittal/a.png"), 8, 8, 0xff0000, "png");
    TestImages.solid(root.resolve("axial/b.jpg"), 8, 8, 0x00ff00, "jpg");
    TestImages.solid(root.resolve("axial/c.bmp"), 8, 8, 0x0000ff, "bmp");
    Files.writeString(root.resolve("axial/notes.txt"), "not an image");

    Dataset d = loader.load(root, 4, 4);

    assertEquals(Task.CLASSIFY, d.task());
    assertEquals(List.of("axial", "sagittal"), d.classNames());
    assertEquals(List.of("axial/b", "axial/c", "sagittal/a"), d.samples().stream().map(Sample::id).toList());
    assertEquals(List.of(0, 0, 1), d.samples().stream().map(Sample::label).toList());
  }

  @Test
  void pixelsAreResizedRgbInUnitRange() throws IOException {
    // Left half (0x20, 0x40, 0x60), right half white: each half survives a 2x shrink intact at the edges.
    TestImages.write(root.resolve("c/x.png"), 8, 2, (x, y) -> x < 4 ? 0x204060 : 0xffffff, "png");
    float[] p = loader.load(root, 1, 4).samples().get(0).pixels();
    assertArrayEquals(new float[] {0x20 / 255f, 0x40 / 255f, 0x60 / 255f}, Arrays.copyOfRange(p, 0, 3), 1e-6f);
    assertArrayEquals(new float[] {1, 1, 1}, Arrays.copyOfRange(p, 9, 12), 1e-6f);
  }

  @Test
  void fileNamePrefixDeclaresTheSplitGroup() throws IOException {
    for (int i = 0; i < 16; i++) {
      String group = "mri-axial-slab" + (i / 8);
      TestImages.solid(root.resolve("axial/" + group + "__mri-axial-" + i + ".png"), 4, 4, 0x808080, "png");
      TestImages.solid(root.resolve("coronal/" + i + ".png"), 4, 4, 0x404040, "png");
    }
    Dataset d = loader.load(root, 4, 4);
    Map<String, Long> groupSizes = d.samples().stream().collect(Collectors.groupingBy(Sample::group, Collectors.counting()));
    assertEquals(8L, groupSizes.get("mri-axial-slab0"));
    assertEquals(1L, groupSizes.get("coronal/3"));

    Split split = d.split(0.5, 11);
    long slab0Train = split.train().samples().stream().filter(s -> s.group().equals("mri-axial-slab0")).count();
    assertTrue(slab0Train == 0 || slab0Train == 8, "slab split across sides: " + slab0Train);
  }

  @Test
  void emptyClassFolderIsAnError() throws IOException {
    TestImages.solid(root.resolve("a/x.png"), 4, 4, 0, "png");
    Files.createDirectories(root.resolve("b"));
    IOException e = assertThrows(IOException.class, () -> loader.load(root, 4, 4));
    assertTrue(e.getMessage().contains("b: class folder without images"), e.getMessage());
  }

  @Test
  void rootWithoutClassFoldersIsAnError() throws IOException {
    IOException e = assertThrows(IOException.class, () -> loader.load(root, 4, 4));
    assertTrue(e.getMessage().contains("no class folders"), e.getMessage());
  }
}
