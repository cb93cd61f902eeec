package org.screening.workers.data.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PlaneTest {

  /** Value 1000 + x + 10y + 100z on 4 (x) by 5 (y) by 6 (z) voxels of 1 x 2 x 3 mm. */
  private static final Volume V = TestVolumes.volume(4, 5, 6, 1, 2, 3, (x, y, z) -> 1000 + x + 10 * y + 100 * z);

  private static float pixel(VolumeSlice s, int col, int row) {
    return s.values()[row * s.width() + col];
  }

  @Test
  void axialSliceHasAnteriorAtTheTop() {
    VolumeSlice s = Plane.AXIAL.slice(V, 2);
    assertEquals(6, Plane.AXIAL.count(V));
    assertEquals(4, s.width());
    assertEquals(5, s.height());
    assertEquals(1000 + 40 + 200, pixel(s, 0, 0));   // top row = largest y (anterior)
    assertEquals(1000 + 3 + 200, pixel(s, 3, 4));
    assertEquals(2.0, s.spacingY());
  }

  @Test
  void coronalSliceHasSuperiorAtTheTop() {
    VolumeSlice s = Plane.CORONAL.slice(V, 1);
    assertEquals(5, Plane.CORONAL.count(V));
    assertEquals(4, s.width());
    assertEquals(6, s.height());
    assertEquals(1000 + 10 + 500, pixel(s, 0, 0));   // top row = largest z (superior)
    assertEquals(1000 + 2 + 10, pixel(s, 2, 5));
    assertEquals(3.0, s.spacingY());
  }

  @Test
  void sagittalSliceHasSuperiorAtTheTopAndAnteriorOnTheRight() {
    VolumeSlice s = Plane.SAGITTAL.slice(V, 3);
    assertEquals(4, Plane.SAGITTAL.count(V));
    assertEquals(5, s.width());
    assertEquals(6, s.height());
    assertEquals(1000 + 3 + 500, pixel(s, 0, 0));
    assertEquals(1000 + 3 + 40 + 500, pixel(s, 4, 0));
    assertEquals(2.0, s.spacingX());
    assertEquals(3.0, s.spacingY());
  }
}
