package org.screening.workers.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ham10000LoaderTest {

  private static final String HEADER = "lesion_id,image_id,dx,dx_type,age,sex,localization";

  @TempDir
  Path root;

  private final Ham10000Loader loader = new Ham10000Loader();

  /**
   * 30 lesions with 1 to 3 images each, diagnoses cycling through nv, mel, bkl; images spread over
   * the root and both part folders as in the published archives.
   */
  private void publishedLayout() throws IOException {
    List<String> lines = new ArrayList<>(List.of(HEADER));
    String[] dx = {"nv", "mel", "bkl"};
    String[] folders = {"", "HAM10000_images_part_1/", "HAM10000_images_part_2/"};
    int image = 24306;
    for (int lesion = 0; lesion < 30; lesion++) {
      for (int k = 0; k <= lesion % 3; k++, image++) {
        String imageId = "ISIC_00" + image;
        lines.add(String.format("HAM_%07d,%s,%s,histo,45.0,male,back", lesion, imageId, dx[lesion % 3]));
        TestImages.solid(root.resolve(folders[image % 3] + imageId + ".jpg"), 30, 20, 0x9a6050, "jpg");
      }
    }
    Files.write(root.resolve("HAM10000_metadata.csv"), lines);
  }

  @Test
  void classesAreTheSevenDiagnosisCodes() throws IOException {
    publishedLayout();
    Dataset d = loader.load(root, 28, 28);
    assertEquals(List.of("akiec", "bcc", "bkl", "df", "mel", "nv", "vasc"), d.classNames());
    assertEquals(60, d.size());
    Sample first = d.samples().get(0);
    assertEquals("ISIC_0024306", first.id());
    assertEquals("HAM_0000000", first.group());
    assertEquals(5, first.label());
    // JPEG of a flat colour decodes to within a level or two of it.
    assertEquals(0x9a / 255.0, first.pixels()[0], 3 / 255.0);
  }

  @Test
  void keepsLesionImagesOnOneSideOfTheSplit() throws IOException {
    publishedLayout();
    Split split = loader.load(root, 8, 8).split(0.3, 17);
    Set<String> trainLesions = new HashSet<>();
    split.train().samples().forEach(s -> trainLesions.add(s.group()));
    split.heldOut().samples().forEach(s -> assertTrue(!trainLesions.contains(s.group()), s.group()));
    assertTrue(split.heldOut().size() > 0);
  }

  @Test
  void missingColumnIsNamed() throws IOException {
    Files.write(root.resolve("HAM10000_metadata.csv"),
        List.of("lesion_id,image_id,dx_type,age", "HAM_0000118,ISIC_0027419,histo,80.0"));
    IOException e = assertThrows(IOException.class, () -> loader.load(root, 8, 8));
    assertTrue(e.getMessage().contains("HAM10000_metadata.csv: missing column 'dx'"), e.getMessage());
  }

  @Test
  void missingImageIsNamedWithItsLine() throws IOException {
    Files.write(root.resolve("HAM10000_metadata.csv"),
        List.of(HEADER, "HAM_0000118,ISIC_0027419,bkl,histo,80.0,male,scalp"));
    IOException e = assertThrows(IOException.class, () -> loader.load(root, 8, 8));
    assertTrue(e.getMessage().contains("line 2: image ISIC_0027419.jpg not found"), e.getMessage());
  }

  @Test
  void unknownDiagnosisIsRejected() throws IOException {
    TestImages.solid(root.resolve("ISIC_0027419.jpg"), 8, 8, 0, "jpg");
    Files.write(root.resolve("HAM10000_metadata.csv"),
        List.of(HEADER, "HAM_0000118,ISIC_0027419,melanoma,histo,80.0,male,scalp"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loader.load(root, 8, 8));
    assertTrue(e.getMessage().contains("unknown dx 'melanoma'"), e.getMessage());
  }

  @Test
  void missingMetadataFileIsNamed() {
    IOException e = assertThrows(IOException.class, () -> loader.load(root, 8, 8));
    assertTrue(e.getMessage().contains("HAM10000_metadata.csv: metadata file not found"), e.getMessage());
  }
}
