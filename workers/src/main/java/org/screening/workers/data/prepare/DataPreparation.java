package org.screening.workers.data.prepare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds the project's own sets from the Debian packages that {@code data/fetch.sh} unpacks:
 * <ul>
 *   <li>{@code brain-seg/}: T1 MRI slices (Colin27) with the skull-stripped brain as mask;</li>
 *   <li>{@code ct-bone-seg/}: head CT slices (InVesalius Cranium) with InVesalius's bone mask;</li>
 *   <li>{@code plane/}: axial, coronal and sagittal slices of both, for imaging-plane recognition.</li>
 * </ul>
 * The segmentation sets use the Kvasir-SEG layout, the plane set the imagefolder layout; file
 * names {@code <modality>-<plane>-slabNN__<modality>-<plane>-<index>.png} put runs of
 * {@value #SLAB} adjacent slices into one split group, since neighbouring slices are nearly
 * identical and would otherwise leak between train and held-out. The same inputs always give the
 * same files.
 */
public final class DataPreparation {

  public static final Path T1 = Path.of("mricron-data/usr/share/mricron/templates/ch2.nii.gz");
  public static final Path BRAIN = Path.of("mricron-data/usr/share/mricron/templates/ch2bet.nii.gz");
  public static final Path CT = Path.of("invesalius-examples/usr/share/doc/invesalius-examples/examples/Cranium.inv3");

  /** Med-IC Seg's input size. */
  static final int SEGMENTATION_SIZE = 128;
  /** Med-IC Cls reads 28x28; stored larger so the demo can show the images, the loader shrinks them. */
  static final int PLANE_SIZE = 64;
  static final int SLAB = 8;
  /**
   * A slice is used only when the head fills at least this share of it: edge-on caps of the head
   * (or the CT head holder alone) are ambiguous for plane recognition and teach segmentation nothing.
   */
  static final double MIN_HEAD_FRACTION = 0.15;
  /** Pixels above this windowed intensity count as head rather than air. */
  static final float HEAD_LEVEL = 0.1f;
  /** Segmentation slices also need this much foreground in the mask. */
  static final double MIN_MASK_FRACTION = 0.02;

  /** Standard CT bone window (level 400 HU, width 1800 HU): bone graded, soft tissue grey, air black. */
  static final IntensityWindow CT_BONE_WINDOW = IntensityWindow.levelWidth(400, 1800);
  static final double MRI_WINDOW_PERCENTILE = 99.5;

  /** What one set holds: its folder, image size and the number of images per modality and plane. */
  public record PreparedSet(String name, Path folder, int imageSize, Map<String, Integer> counts) {

    public int total() {
      return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private record Scan(String modality, Volume image, IntensityWindow window, Volume mask) {
  }

  private DataPreparation() {
  }

  /** The package files the preparation reads that the cache lacks (all of them before a fetch). */
  public static List<Path> missingInputs(Path cache) {
    return Stream.of(T1, BRAIN, CT).map(cache::resolve).filter(p -> !Files.isRegularFile(p)).toList();
  }

  /** Replaces the three sets under out with freshly prepared ones. */
  public static List<PreparedSet> prepare(Path cache, Path out) throws IOException {
    Path t1File = cache.resolve(T1);
    Path brainFile = cache.resolve(BRAIN);
    Volume t1 = NiftiReader.read(t1File).requireRasAligned(t1File);
    Volume brain = NiftiReader.read(brainFile).requireRasAligned(brainFile);
    if (!brain.sameGrid(t1)) {
      throw new IOException(brainFile + ": not on the grid of " + t1File);
    }
    InVesaliusProject.CtStudy ct = InVesaliusProject.read(cache.resolve(CT));

    Scan mri = new Scan("mri", t1, IntensityWindow.percentile(t1, MRI_WINDOW_PERCENTILE),
        brain.map(v -> v > 0 ? 1 : 0));
    Scan headCt = new Scan("ct", ct.hounsfield(), CT_BONE_WINDOW, ct.boneMask());
    return List.of(
        segmentationSet("brain-seg", out, mri),
        segmentationSet("ct-bone-seg", out, headCt),
        planeSet("plane", out, List.of(mri, headCt)));
  }

  private static PreparedSet segmentationSet(String name, Path out, Scan scan) throws IOException {
    Path folder = emptyFolder(out.resolve(name));
    Path images = Files.createDirectories(folder.resolve("images"));
    Path masks = Files.createDirectories(folder.resolve("masks"));
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Plane plane : Plane.values()) {
      for (int i = 0; i < plane.count(scan.image()); i++) {
        VolumeSlice image = scan.window().apply(plane.slice(scan.image(), i));
        VolumeSlice mask = plane.slice(scan.mask(), i);
        if (!headPresent(image) || mask.fractionAbove(0.5f) < MIN_MASK_FRACTION) {
          continue;
        }
        String file = fileName(scan.modality(), plane, i);
        SliceImages.writeRgb(SliceImages.fitToSquare(image, SEGMENTATION_SIZE, false), SEGMENTATION_SIZE,
            images.resolve(file));
        SliceImages.writeMask(SliceImages.fitToSquare(mask, SEGMENTATION_SIZE, true), SEGMENTATION_SIZE,
            masks.resolve(file));
        counts.merge(scan.modality() + " " + plane.label(), 1, Integer::sum);
      }
    }
    return new PreparedSet(name, folder, SEGMENTATION_SIZE, counts);
  }

  private static PreparedSet planeSet(String name, Path out, List<Scan> scans) throws IOException {
    Path folder = emptyFolder(out.resolve(name));
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Plane plane : Plane.values()) {
      Path classFolder = Files.createDirectories(folder.resolve(plane.label()));
      for (Scan scan : scans) {
        for (int i = 0; i < plane.count(scan.image()); i++) {
          VolumeSlice image = scan.window().apply(plane.slice(scan.image(), i));
          if (!headPresent(image)) {
            continue;
          }
          SliceImages.writeRgb(SliceImages.fitToSquare(image, PLANE_SIZE, false), PLANE_SIZE,
              classFolder.resolve(fileName(scan.modality(), plane, i)));
          counts.merge(scan.modality() + " " + plane.label(), 1, Integer::sum);
        }
      }
    }
    return new PreparedSet(name, folder, PLANE_SIZE, counts);
  }

  private static boolean headPresent(VolumeSlice windowed) {
    return windowed.fractionAbove(HEAD_LEVEL) >= MIN_HEAD_FRACTION;
  }

  static String fileName(String modality, Plane plane, int index) {
    String prefix = modality + "-" + plane.label();
    return String.format("%s-slab%02d__%s-%03d.png", prefix, index / SLAB, prefix, index);
  }

  /** Removes what an earlier run left, so files of slices no longer selected cannot linger. */
  private static Path emptyFolder(Path folder) throws IOException {
    if (Files.exists(folder)) {
      List<Path> paths;
      try (Stream<Path> walk = Files.walk(folder)) {
        paths = walk.sorted(Comparator.reverseOrder()).toList();
      }
      for (Path p : paths) {
        Files.delete(p);
      }
    }
    Files.createDirectories(folder);
    return folder;
  }
}
