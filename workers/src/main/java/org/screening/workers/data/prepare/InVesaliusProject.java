package org.screening.workers.data.prepare;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads an InVesalius 3 project ({@code .inv3}): a gzipped tar holding {@code main.plist}, the CT
 * volume as raw int16 Hounsfield units ({@code matrix.dat}, shape [z][y][x]) and one
 * {@code mask_N.dat} per segmentation mask, each described by its {@code mask_N.plist}.
 *
 * <p>The raw files are NumPy memory maps without a byte-order mark; they are read little-endian
 * (the machines InVesalius runs on) and checked against the project's declared scalar range.
 * Mask files are one voxel larger on every axis: InVesalius keeps plane, row and column 0 for
 * its own bookkeeping, so the mask proper starts at index 1; 255 marks the inside.
 */
public final class InVesaliusProject {

  /** Lower bound, in HU, of InVesalius's "Bone" threshold preset (226 to 3071 HU). */
  public static final long BONE_PRESET_LOWER_HU = 226;

  /** InVesalius's code for a volume acquired as axial slices. */
  private static final long AXIAL = 1;

  private InVesaliusProject() {
  }

  /**
   * A CT volume in Hounsfield units with its bone mask (0/1 on the same grid).
   * In the projects read here, row index grows towards anterior and slice index towards
   * superior (checked on the shipped Cranium example: teeth at high rows, mandible in the
   * first slices), which is the {@link Volume} convention without any flip.
   */
  public record CtStudy(Volume hounsfield, Volume boneMask) {
  }

  public static CtStudy read(Path inv3) throws IOException {
    Map<String, byte[]> files = TarGz.read(inv3, name -> name.endsWith(".plist") || name.endsWith(".dat"));
    Map<String, Object> main = dict(PropertyList.parse(require(files, "main.plist", inv3), inv3 + "!main.plist"),
        "main.plist", inv3);
    if (!"CT".equals(main.get("modality"))) {
      throw new IOException(inv3 + ": modality " + main.get("modality") + ", expected CT");
    }
    if (!Long.valueOf(AXIAL).equals(main.get("orientation"))) {
      throw new IOException(inv3 + ": orientation " + main.get("orientation") + ", only axial (1) is supported");
    }
    Map<String, Object> matrix = dict(main.get("matrix"), "matrix", inv3);
    if (!"int16".equals(matrix.get("dtype"))) {
      throw new IOException(inv3 + ": matrix dtype " + matrix.get("dtype") + ", expected int16");
    }
    int[] shape = ints(matrix.get("shape"), 3, "matrix shape", inv3);
    double[] spacing = numbers(main.get("spacing"), 3, "spacing", inv3);
    int nz = shape[0];
    int ny = shape[1];
    int nx = shape[2];
    byte[] raw = require(files, String.valueOf(matrix.get("filename")), inv3);
    if (raw.length != 2L * nx * ny * nz) {
      throw new IOException(inv3 + ": matrix of " + raw.length + " bytes, shape " + nz + "x" + ny + "x" + nx
          + " needs " + 2L * nx * ny * nz);
    }
    int[] range = ints(main.get("scalar_range"), 2, "scalar_range", inv3);
    float[] hu = new float[nx * ny * nz];
    ByteBuffer data = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < hu.length; i++) {
      short v = data.getShort(2 * i);
      if (v < range[0] || v > range[1]) {
        throw new IOException(inv3 + ": voxel value " + v + " outside the declared range " + range[0] + ".."
            + range[1] + " (byte order?)");
      }
      hu[i] = v;
    }
    Volume ct = new Volume(nx, ny, nz, spacing[0], spacing[1], spacing[2], hu);
    return new CtStudy(ct, boneMask(main, files, ct, inv3));
  }

  private static Volume boneMask(Map<String, Object> main, Map<String, byte[]> files, Volume ct, Path inv3)
      throws IOException {
    for (Object plistName : dict(main.get("masks"), "masks", inv3).values()) {
      String name = String.valueOf(plistName);
      Map<String, Object> mask = dict(PropertyList.parse(require(files, name, inv3), inv3 + "!" + name), name, inv3);
      int[] threshold = ints(mask.get("threshold_range"), 2, name + " threshold_range", inv3);
      if (threshold[0] != BONE_PRESET_LOWER_HU) {
        continue;
      }
      int[] shape = ints(mask.get("mask_shape"), 3, name + " mask_shape", inv3);
      if (shape[0] != ct.nz() + 1 || shape[1] != ct.ny() + 1 || shape[2] != ct.nx() + 1) {
        throw new IOException(inv3 + ": " + name + " shape does not frame the volume by one voxel");
      }
      byte[] raw = require(files, String.valueOf(mask.get("mask_file")), inv3);
      if (raw.length != shape[0] * shape[1] * shape[2]) {
        throw new IOException(inv3 + ": " + mask.get("mask_file") + " is " + raw.length + " bytes, not "
            + shape[0] + "x" + shape[1] + "x" + shape[2]);
      }
      float[] inside = new float[ct.voxels().length];
      for (int z = 0; z < ct.nz(); z++) {
        for (int y = 0; y < ct.ny(); y++) {
          for (int x = 0; x < ct.nx(); x++) {
            int v = raw[((z + 1) * shape[1] + y + 1) * shape[2] + x + 1] & 0xff;
            inside[(z * ct.ny() + y) * ct.nx() + x] = v > 127 ? 1 : 0;
          }
        }
      }
      return new Volume(ct.nx(), ct.ny(), ct.nz(), ct.spacingX(), ct.spacingY(), ct.spacingZ(), inside);
    }
    throw new IOException(inv3 + ": no mask made with the Bone preset (threshold from "
        + BONE_PRESET_LOWER_HU + " HU)");
  }

  private static byte[] require(Map<String, byte[]> files, String name, Path inv3) throws IOException {
    byte[] data = files.get(name);
    if (data == null) {
      throw new IOException(inv3 + ": " + name + " missing from the project");
    }
    return data;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> dict(Object value, String what, Path inv3) throws IOException {
    if (!(value instanceof Map)) {
      throw new IOException(inv3 + ": " + what + " is not a dictionary");
    }
    return (Map<String, Object>) value;
  }

  private static double[] numbers(Object value, int count, String what, Path inv3) throws IOException {
    if (!(value instanceof List<?> list) || list.size() != count
        || !list.stream().allMatch(Number.class::isInstance)) {
      throw new IOException(inv3 + ": " + what + " is not a list of " + count + " numbers: " + value);
    }
    return list.stream().mapToDouble(n -> ((Number) n).doubleValue()).toArray();
  }

  private static int[] ints(Object value, int count, String what, Path inv3) throws IOException {
    return Arrays.stream(numbers(value, count, what, inv3)).mapToInt(d -> (int) Math.round(d)).toArray();
  }
}
