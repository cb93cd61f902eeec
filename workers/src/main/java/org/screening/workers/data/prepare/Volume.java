package org.screening.workers.data.prepare;

import java.util.function.DoubleUnaryOperator;

/**
 * A scalar volume on a regular grid, x varying fastest. The axes follow the RAS convention the
 * {@link Plane}s rely on: x runs across the body (left-right), y towards anterior, z towards
 * superior. Readers bring their data into this convention or refuse it.
 *
 * @param spacingX voxel size along x in mm (likewise y, z)
 */
public record Volume(int nx, int ny, int nz, double spacingX, double spacingY, double spacingZ, float[] voxels) {

  public Volume {
    if ((long) nx * ny * nz != voxels.length) {
      throw new IllegalArgumentException(voxels.length + " voxels do not fill " + nx + "x" + ny + "x" + nz);
    }
  }

  public float at(int x, int y, int z) {
    return voxels[(z * ny + y) * nx + x];
  }

  /** The same grid with every voxel transformed, e.g. a mask from a threshold. */
  public Volume map(DoubleUnaryOperator f) {
    float[] out = new float[voxels.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) f.applyAsDouble(voxels[i]);
    }
    return new Volume(nx, ny, nz, spacingX, spacingY, spacingZ, out);
  }

  public boolean sameGrid(Volume other) {
    return nx == other.nx && ny == other.ny && nz == other.nz && spacingX == other.spacingX
        && spacingY == other.spacingY && spacingZ == other.spacingZ;
  }
}
