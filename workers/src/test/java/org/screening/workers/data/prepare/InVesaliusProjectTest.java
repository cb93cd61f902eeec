package org.screening.workers.data.prepare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InVesaliusProjectTest {

  @TempDir
  Path dir;

  /** 5 x 4 x 3 voxels: -1000 HU air, with bone (700 HU) where x == 4 and soft tissue (40 HU) where x == 2. */
  private static final Volume HU = TestVolumes.volume(5, 4, 3, 0.5, 0.5, 1.5,
      (x, y, z) -> x == 4 ? 700 : x == 2 ? 40 : -1000);

  @Test
  void readsHounsfieldUnitsSpacingAndTheBonePresetMask() throws IOException {
    Map<Integer, Volume> masks = new TreeMap<>();
    masks.put(-142, HU.map(v -> v > -142 ? 1 : 0));
    masks.put((int) InVesaliusProject.BONE_PRESET_LOWER_HU, HU.map(v -> v >= 226 ? 1 : 0));
    Path file = TestVolumes.writeInv3(dir.resolve("Cranium.inv3"), HU, masks);

    InVesaliusProject.CtStudy study = InVesaliusProject.read(file);

    assertArrayEquals(HU.voxels(), study.hounsfield().voxels());
    assertEquals(1.5, study.hounsfield().spacingZ());
    assertEquals(0.5, study.boneMask().spacingX());
    assertEquals(1f, study.boneMask().at(4, 3, 2));
    assertEquals(0f, study.boneMask().at(2, 1, 1));   // soft tissue is in the other mask only
    assertEquals(0f, study.boneMask().at(0, 0, 0));   // the border plane is not mask content
    assertEquals(HU.nx() * HU.ny() * HU.nz() / 5.0, sum(study.boneMask()));
  }

  @Test
  void projectWithoutBoneMaskIsRefused() throws IOException {
    Path file = TestVolumes.writeInv3(dir.resolve("skin.inv3"), HU, Map.of(-142, HU.map(v -> v > -142 ? 1 : 0)));
    IOException e = assertThrows(IOException.class, () -> InVesaliusProject.read(file));
    assertTrue(e.getMessage().contains("skin.inv3: no mask made with the Bone preset"), e.getMessage());
  }

  private static double sum(Volume v) {
    double s = 0;
    for (float f : v.voxels()) {
      s += f;
    }
    return s;
  }
}
