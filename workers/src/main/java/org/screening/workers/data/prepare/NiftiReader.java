package org.screening.workers.data.prepare;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads single-file NIfTI-1 volumes ({@code .nii}, {@code .nii.gz}) of uint8, int16 or float32,
 * either byte order, applying {@code scl_slope}/{@code scl_inter}. Only 3-D volumes: a 4-D
 * series is refused rather than silently cut to its first volume.
 */
public final class NiftiReader {

  static final int HEADER_SIZE = 348;
  static final short UINT8 = 2;
  static final short INT16 = 4;
  static final short FLOAT32 = 16;

  private NiftiReader() {
  }

  /**
   * A volume as stored (voxel axes i, j, k as x, y, z) with its voxel-to-world (RAS mm)
   * transform from the sform, else the qform; {@code worldFromVoxel} is null when the file
   * declares neither.
   */
  public record NiftiImage(Volume volume, double[][] worldFromVoxel) {

    /**
     * The volume, after checking that its voxel axes already run right, anterior and superior
     * (the transform's rotation is a positive diagonal). Plane labels come from the axes, so a
     * volume stored any other way is refused rather than mislabelled.
     */
    public Volume requireRasAligned(Path source) throws IOException {
      if (worldFromVoxel == null) {
        throw new IOException(source + ": no sform or qform, orientation unknown");
      }
      for (int world = 0; world < 3; world++) {
        for (int voxel = 0; voxel < 3; voxel++) {
          double a = worldFromVoxel[world][voxel];
          boolean ok = world == voxel ? a > 0 : Math.abs(a) <= 1e-3 * Math.abs(worldFromVoxel[voxel][voxel]);
          if (!ok) {
            throw new IOException(source + ": voxel axes are not aligned with RAS (transform row "
                + world + " column " + voxel + " = " + a + "); reorient the volume first");
          }
        }
      }
      return volume;
    }
  }

  public static NiftiImage read(Path file) throws IOException {
    byte[] bytes;
    try (InputStream raw = Files.newInputStream(file);
       InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
      bytes = in.readAllBytes();
    } catch (ZipException e) {
      throw new IOException(file + ": not a gzip file (" + e.getMessage() + ")", e);
    }
    if (bytes.length < HEADER_SIZE) {
      throw new IOException(file + ": too short for a NIfTI-1 header");
    }
    ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (header.getInt(0) != HEADER_SIZE) {
      header.order(ByteOrder.BIG_ENDIAN);
      if (header.getInt(0) != HEADER_SIZE) {
        throw new IOException(file + ": not a NIfTI-1 file (header size " + header.order(ByteOrder.LITTLE_ENDIAN).getInt(0)
            + "; NIfTI-2 is not supported)");
      }
    }
    String magic = new String(bytes, 344, 3, StandardCharsets.US_ASCII);
    if (!magic.equals("n+1")) {
      throw new IOException(file + ": magic '" + magic + "' is not a single-file NIfTI-1 (n+1)");
    }
    int rank = header.getShort(40);
    int nx = header.getShort(42);
    int ny = header.getShort(44);
    int nz = header.getShort(46);
    for (int d = 4; d <= 7; d++) {
      if (rank >= d && header.getShort(40 + 2 * d) > 1) {
        throw new IOException(file + ": " + rank + "-D image; only 3-D volumes are supported");
      }
    }
    if (rank < 3 || nx < 1 || ny < 1 || nz < 1) {
      throw new IOException(file + ": dimensions " + nx + "x" + ny + "x" + nz + " (rank " + rank + ") are not a volume");
    }
    short datatype = header.getShort(70);
    int voxelBytes = switch (datatype) {
      case UINT8 -> 1;
      case INT16 -> 2;
      case FLOAT32 -> 4;
      default -> throw new IOException(file + ": datatype " + datatype
          + " not supported (uint8 = 2, int16 = 4, float32 = 16)");
    };
    int offset = (int) header.getFloat(108);
    long count = (long) nx * ny * nz;
    if (offset < HEADER_SIZE || offset + count * voxelBytes > bytes.length) {
      throw new IOException(file + ": truncated, " + count + " voxels of " + voxelBytes + " bytes from offset "
          + offset + " exceed the " + bytes.length + " bytes");
    }
    float slope = header.getFloat(112);
    float intercept = header.getFloat(116);
    // The standard says a zero (or unset) slope means the stored values are used as they are.
    boolean scaled = slope != 0 && Float.isFinite(slope) && !(slope == 1 && intercept == 0);
    float[] voxels = new float[(int) count];
    ByteBuffer data = ByteBuffer.wrap(bytes, offset, (int) (count * voxelBytes)).slice().order(header.order());
    for (int i = 0; i < voxels.length; i++) {
      float v = switch (datatype) {
        case UINT8 -> data.get(i) & 0xff;
        case INT16 -> data.getShort(2 * i);
        default -> data.getFloat(4 * i);
      };
      voxels[i] = scaled ? v * slope + intercept : v;
    }
    Volume volume = new Volume(nx, ny, nz, Math.abs(header.getFloat(80)), Math.abs(header.getFloat(84)),
        Math.abs(header.getFloat(88)), voxels);
    return new NiftiImage(volume, worldFromVoxel(header));
  }

  private static double[][] worldFromVoxel(ByteBuffer h) {
    if (h.getShort(254) > 0) {
      double[][] m = new double[3][4];
      for (int row = 0; row < 3; row++) {
        for (int col = 0; col < 4; col++) {
          m[row][col] = h.getFloat(280 + 16 * row + 4 * col);
        }
      }
      return m;
    }
    if (h.getShort(252) > 0) {
      return fromQuaternion(h);
    }
    return null;
  }

  /** The qform: a rotation from quaternion (b, c, d), the voxel sizes, qfac (pixdim[0]) flipping k. */
  private static double[][] fromQuaternion(ByteBuffer h) {
    double b = h.getFloat(256);
    double c = h.getFloat(260);
    double d = h.getFloat(264);
    double a = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
    double qfac = h.getFloat(76) < 0 ? -1 : 1;
    double[][] r = {
        {a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)},
        {2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)},
        {2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b}};
    double[] scale = {h.getFloat(80), h.getFloat(84), h.getFloat(88) * qfac};
    double[][] m = new double[3][4];
    for (int row = 0; row < 3; row++) {
      for (int col = 0; col < 3; col++) {
        m[row][col] = r[row][col] * scale[col];
      }
      m[row][3] = h.getFloat(268 + 4 * row);
    }
    return m;
  }
}
