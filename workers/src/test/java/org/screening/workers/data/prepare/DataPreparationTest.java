package org.screening.workers.data.prepare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.workers.data.Dataset;
import org.screening.workers.data.DatasetFormat;
import org.screening.workers.data.Sample;
import org.screening.workers.data.Task;

/** The preparation end to end on small synthetic heads laid out as the Debian packages lay them out. */
class DataPreparationTest {

  @TempDir
  Path cache;

  @TempDir
  Path out;

  private static double ellipsoid(int x, int y, int z, double cx, double cy, double cz, double rx, double ry, double rz) {
    return Math.pow((x - cx) / rx, 2) + Math.pow((y - cy) / ry, 2) + Math.pow((z - cz) / rz, 2);
  }

  @BeforeEach
  void syntheticPackages() throws IOException {
    // MRI: 30 x 36 x 30 mm head, bright scalp around a mid-grey brain; the brain alone in the "bet" copy.
    Volume t1 = TestVolumes.volume(30, 36, 30, 1, 1, 1, (x, y, z) -> {
      double r = ellipsoid(x, y, z, 14.5, 17.5, 14.5, 13, 16, 13);
      return r > 1 ? 0 : r > 0.6 ? 200 : 100;
    });
    TestVolumes.writeNifti(cache.resolve(DataPreparation.T1), t1, NiftiReader.UINT8, 0, 0,
        ByteOrder.LITTLE_ENDIAN, h -> { });
    TestVolumes.writeNifti(cache.resolve(DataPreparation.BRAIN), t1.map(v -> v == 100 ? 80 : 0),
        NiftiReader.UINT8, 0, 0, ByteOrder.LITTLE_ENDIAN, h -> { });
    // CT: 2 mm slices, skull shell at 800 HU around 40 HU brain, air outside.
    Volume hu = TestVolumes.volume(24, 24, 12, 1, 1, 2, (x, y, z) -> {
      double r = ellipsoid(x, y, z, 11.5, 11.5, 5.5, 10, 11, 5.5);
      return r > 1 ? -1000 : r > 0.7 ? 800 : 40;
    });
    Map<Integer, Volume> masks = new TreeMap<>(Map.of(226, hu.map(v -> v >= 226 ? 1 : 0)));
    TestVolumes.writeInv3(cache.resolve(DataPreparation.CT), hu, masks);
  }

  private static Map<String, byte[]> contents(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      Map<String, byte[]> out = new TreeMap<>();
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(f).toString(), Files.readAllBytes(f));
      }
      return out;
    }
  }

  @Test
  void cacheWithoutPackagesReportsEveryInput() {
    assertEquals(3, DataPreparation.missingInputs(out).size());
    assertTrue(DataPreparation.missingInputs(cache).isEmpty());
  }

  @Test
  void segmentationSetsLoadAsKvasirSegWithSlabGroups() throws IOException {
    List<DataPreparation.PreparedSet> sets = DataPreparation.prepare(cache, out);
    assertEquals(List.of("brain-seg", "ct-bone-seg", "plane"),
        sets.stream().map(DataPreparation.PreparedSet::name).toList());
    assertEquals(List.of("mri axial", "mri coronal", "mri sagittal"), List.copyOf(sets.get(0).counts().keySet()));

    Dataset brain = DatasetFormat.KVASIR_SEG.loader().load(out.resolve("brain-seg"), 128, 128);
    assertEquals(Task.SEGMENT, brain.task());
    assertEquals(sets.get(0).total(), brain.size());
    for (Sample s : brain.samples()) {
      double foreground = 0;
      for (float v : s.mask()) {
        foreground += v;
      }
      assertTrue(foreground > 0, s.id());
      // group = modality, plane and slab of 8 adjacent slices
      assertTrue(s.id().startsWith(s.group() + "__"), s.id());
      int index = Integer.parseInt(s.id().substring(s.id().length() - 3));
      assertTrue(s.group().endsWith(String.format("slab%02d", index / 8)), s.id());
    }
    Map<String, Long> groupSizes = brain.samples().stream()
        .collect(Collectors.groupingBy(Sample::group, Collectors.counting()));
    assertTrue(groupSizes.values().stream().allMatch(n -> n <= 8), groupSizes.toString());

    Dataset bone = DatasetFormat.KVASIR_SEG.loader().load(out.resolve("ct-bone-seg"), 128, 128);
    assertTrue(bone.samples().stream().allMatch(s -> s.id().startsWith("ct-")));
  }

  @Test
  void planeSetHasThreeClassesFromBothModalities() throws IOException {
    DataPreparation.prepare(cache, out);
    Dataset planes = DatasetFormat.IMAGEFOLDER.loader().load(out.resolve("plane"), 28, 28);
    assertEquals(List.of("axial", "coronal", "sagittal"), planes.classNames());
    for (String plane : planes.classNames()) {
      int label = planes.classNames().indexOf(plane);
      List<Sample> members = planes.samples().stream().filter(s -> s.label() == label).toList();
      assertTrue(members.stream().allMatch(s -> s.id().contains("-" + plane + "-")), plane);
      assertTrue(members.stream().anyMatch(s -> s.id().contains("/mri-")), plane);
      assertTrue(members.stream().anyMatch(s -> s.id().contains("/ct-")), plane);
    }
    // A CT axial slice is 24 x 24 mm, the coronal 24 x 24 mm from 12 slices of 2 mm: both fill 64 x 64.
    assertTrue(Files.exists(out.resolve("plane/coronal/ct-coronal-slab01__ct-coronal-011.png")));
  }

  @Test
  void preparingAgainGivesTheSameFilesAndDropsStaleOnes() throws IOException {
    DataPreparation.prepare(cache, out);
    Map<String, byte[]> first = contents(out);
    Files.writeString(out.resolve("plane/axial/stale.png"), "left by an older run");

    DataPreparation.prepare(cache, out);
    Map<String, byte[]> second = contents(out);

    assertFalse(second.containsKey("plane/axial/stale.png"));
    assertEquals(first.keySet(), second.keySet());
    first.forEach((name, bytes) -> assertArrayEquals(bytes, second.get(name), name));
  }
}
