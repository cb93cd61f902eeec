package org.screening.workers.data.prepare;

import java.util.Arrays;

/** Maps scanner intensities linearly onto [0,1], clipping outside [lower, upper]: display windowing. */
public record IntensityWindow(double lower, double upper) {

  public IntensityWindow {
    if (!(upper > lower)) {
      throw new IllegalArgumentException("window upper " + upper + " must exceed lower " + lower);
    }
  }

  /** A window given the radiologist's way, by centre (level) and width, e.g. CT bone 400/1800 HU. */
  public static IntensityWindow levelWidth(double level, double width) {
    return new IntensityWindow(level - width / 2, level + width / 2);
  }

  /**
   * From the volume minimum (background) to the given percentile of the voxels above it. MRI has
   * no absolute scale, and a few bright voxels (vessels, fat) would otherwise darken everything else.
   */
  public static IntensityWindow percentile(Volume volume, double percent) {
    float[] sorted = volume.voxels().clone();
    Arrays.sort(sorted);
    float min = sorted[0];
    int firstAbove = 0;
    while (firstAbove < sorted.length && sorted[firstAbove] <= min) {
      firstAbove++;
    }
    if (firstAbove == sorted.length) {
      throw new IllegalArgumentException("constant volume: no intensity window");
    }
    int index = firstAbove + (int) Math.round((sorted.length - 1 - firstAbove) * percent / 100);
    return new IntensityWindow(min, sorted[index]);
  }

  public float unit(float value) {
    return (float) Math.min(1, Math.max(0, (value - lower) / (upper - lower)));
  }

  public VolumeSlice apply(VolumeSlice slice) {
    float[] out = new float[slice.values().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = unit(slice.values()[i]);
    }
    return new VolumeSlice(slice.width(), slice.height(), slice.spacingX(), slice.spacingY(), out);
  }
}
