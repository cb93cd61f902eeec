package org.screening.workers.data.prepare;

/**
 * One 2-D cut through a {@link Volume}, row-major with row 0 at the top of the picture.
 *
 * @param spacingX physical width of a pixel in mm; spacingY its height (they differ on
 *                 reformatted CT, whose slices are thicker than its pixels are wide)
 */
public record VolumeSlice(int width, int height, double spacingX, double spacingY, float[] values) {

  /** Share of pixels above the threshold. */
  public double fractionAbove(float threshold) {
    int count = 0;
    for (float v : values) {
      if (v > threshold) {
        count++;
      }
    }
    return (double) count / values.length;
  }
}
