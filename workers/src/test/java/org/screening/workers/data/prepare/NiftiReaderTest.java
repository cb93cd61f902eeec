package org.screening.workers.data.prepare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NiftiReaderTest {

  @TempDir
  Path dir;

  /** 3 x 4 x 5 voxels of 1 x 2 x 3 mm, value x + 10y + 100z - 250 (negative and positive). */
  private static Volume ramp() {
    return TestVolumes.volume(3, 4, 5, 1, 2, 3, (x, y, z) -> x + 10 * y + 100 * z - 250);
  }

  @Test
  void readsGzippedInt16AndAppliesSlopeAndIntercept() throws IOException {
    Path file = TestVolumes.writeNifti(dir.resolve("t1.nii.gz"), ramp(), NiftiReader.INT16, 0.5f, -100,
        ByteOrder.LITTLE_ENDIAN, h -> { });
    Volume v = NiftiReader.read(file).volume();
    assertEquals(3, v.nx());
    assertEquals(4, v.ny());
    assertEquals(5, v.nz());
    assertEquals(2.0, v.spacingY());
    assertEquals(3.0, v.spacingZ());
    assertArrayEquals(ramp().voxels(), v.voxels(), 1e-4f);
    assertEquals(2 + 30 + 400 - 250, v.at(2, 3, 4), 1e-4f);
  }

  @Test
  void readsUncompressedUint8() throws IOException {
    Volume bytes = TestVolumes.volume(2, 2, 2, 1, 1, 1, (x, y, z) -> 200 + x + 2 * y + 4 * z);
    Path file = TestVolumes.writeNifti(dir.resolve("mask.nii"), bytes, NiftiReader.UINT8, 0, 0,
        ByteOrder.LITTLE_ENDIAN, h -> { });
    assertArrayEquals(new float[] {200, 201, 202, 203, 204, 205, 206, 207}, NiftiReader.read(file).volume().voxels());
  }

  @Test
  void readsBigEndianFloat32() throws IOException {
    Path file = TestVolumes.writeNifti(dir.resolve("f.nii"), ramp(), NiftiReader.FLOAT32, 1, 0,
        ByteOrder.BIG_ENDIAN, h -> { });
    assertArrayEquals(ramp().voxels(), NiftiReader.read(file).volume().voxels());
  }

  @Test
  void sformGivesTheWorldTransformAndPassesTheRasCheck() throws IOException {
    Path file = TestVolumes.writeNifti(dir.resolve("a.nii"), ramp(), NiftiReader.INT16, 1, 0,
        ByteOrder.LITTLE_ENDIAN, h -> { });
    NiftiReader.NiftiImage image = NiftiReader.read(file);
    assertEquals(2.0, image.worldFromVoxel()[1][1], 1e-6);
    assertSame(image.volume(), image.requireRasAligned(file));
  }

  @Test
  void qformIsUsedWithoutSformAndARotatedVolumeIsRefused() throws IOException {
    // Quaternion (b, c, d) = (0, 0, sin 45°): a quarter turn about z swaps the x and y axes.
    Path file = TestVolumes.writeNifti(dir.resolve("q.nii"), ramp(), NiftiReader.INT16, 1, 0,
        ByteOrder.LITTLE_ENDIAN, h -> {
          h.putShort(254, (short) 0);
          h.putShort(252, (short) 1);
          h.putFloat(264, (float) Math.sqrt(0.5));
        });
    NiftiReader.NiftiImage image = NiftiReader.read(file);
    assertEquals(-2.0, image.worldFromVoxel()[0][1], 1e-5);
    IOException e = assertThrows(IOException.class, () -> image.requireRasAligned(file));
    assertTrue(e.getMessage().contains("not aligned with RAS"), e.getMessage());
  }

  @Test
  void volumeWithoutTransformHasUnknownOrientation() throws IOException {
    Path file = TestVolumes.writeNifti(dir.resolve("n.nii"), ramp(), NiftiReader.INT16, 1, 0,
        ByteOrder.LITTLE_ENDIAN, h -> h.putShort(254, (short) 0));
    NiftiReader.NiftiImage image = NiftiReader.read(file);
    assertNull(image.worldFromVoxel());
    assertThrows(IOException.class, () -> image.requireRasAligned(file));
  }

  @Test
  void fourDimensionalSeriesIsRefused() throws IOException {
    Path file = TestVolumes.writeNifti(dir.resolve("bold.nii"), ramp(), NiftiReader.INT16, 1, 0,
        ByteOrder.LITTLE_ENDIAN, h -> h.putShort(40, (short) 4).putShort(48, (short) 2));
    IOException e = assertThrows(IOException.class, () -> NiftiReader.read(file));
    assertTrue(e.getMessage().contains("bold.nii: 4-D image"), e.getMessage());
  }

  @Test
  void unsupportedDatatypeIsNamed() throws IOException {
    Path file = TestVolumes.writeNifti(dir.resolve("d.nii"), ramp(), NiftiReader.INT16, 1, 0,
        ByteOrder.LITTLE_ENDIAN, h -> h.putShort(70, (short) 64));
    IOException e = assertThrows(IOException.class, () -> NiftiReader.read(file));
    assertTrue(e.getMessage().contains("d.nii: datatype 64 not supported"), e.getMessage());
  }

  @Test
  void truncatedDataIsReported() throws IOException {
    Path file = TestVolumes.writeNifti(dir.resolve("t.nii"), ramp(), NiftiReader.INT16, 1, 0,
        ByteOrder.LITTLE_ENDIAN, h -> h.putShort(46, (short) 6));
    IOException e = assertThrows(IOException.class, () -> NiftiReader.read(file));
    assertTrue(e.getMessage().contains("t.nii: truncated"), e.getMessage());
  }
}
