package org.screening.workers.data.prepare;

import java.util.Locale;

/**
 * The three standard imaging planes, cut from a RAS-oriented {@link Volume} so that every slice
 * shows the head the way a reading room does: axial slices with anterior at the top, coronal and
 * sagittal slices with superior at the top (sagittal faces right).
 */
public enum Plane {
  AXIAL {
    @Override
    public int count(Volume v) {
      return v.nz();
    }

    @Override
    public VolumeSlice slice(Volume v, int z) {
      float[] out = new float[v.nx() * v.ny()];
      for (int row = 0; row < v.ny(); row++) {
        for (int col = 0; col < v.nx(); col++) {
          out[row * v.nx() + col] = v.at(col, v.ny() - 1 - row, z);
        }
      }
      return new VolumeSlice(v.nx(), v.ny(), v.spacingX(), v.spacingY(), out);
    }
  },
  CORONAL {
    @Override
    public int count(Volume v) {
      return v.ny();
    }

    @Override
    public VolumeSlice slice(Volume v, int y) {
      float[] out = new float[v.nx() * v.nz()];
      for (int row = 0; row < v.nz(); row++) {
        for (int col = 0; col < v.nx(); col++) {
          out[row * v.nx() + col] = v.at(col, y, v.nz() - 1 - row);
        }
      }
      return new VolumeSlice(v.nx(), v.nz(), v.spacingX(), v.spacingZ(), out);
    }
  },
  SAGITTAL {
    @Override
    public int count(Volume v) {
      return v.nx();
    }

    @Override
    public VolumeSlice slice(Volume v, int x) {
      float[] out = new float[v.ny() * v.nz()];
      for (int row = 0; row < v.nz(); row++) {
        for (int col = 0; col < v.ny(); col++) {
          out[row * v.ny() + col] = v.at(x, col, v.nz() - 1 - row);
        }
      }
      return new VolumeSlice(v.ny(), v.nz(), v.spacingY(), v.spacingZ(), out);
    }
  };

  /** Number of slices of this plane in the volume. */
  public abstract int count(Volume v);

  public abstract VolumeSlice slice(Volume v, int index);

  /** Lower-case name, as used in file and class names. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
