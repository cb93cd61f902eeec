package org.screening.workers.data.prepare;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/** Writes the volume files the preparation reads: NIfTI-1 and InVesalius projects. */
final class TestVolumes {

  private TestVolumes() {
  }

  /**
   * A single-file NIfTI-1 with an RAS sform (positive diagonal = voxel sizes). Values are stored
   * as (v - intercept) / slope so that reading them back gives v. headerEdits may change any
   * header field afterwards (offsets as in the NIfTI-1 standard).
   */
  static Path writeNifti(Path file, Volume v, short datatype, float slope, float intercept, ByteOrder order,
              Consumer<ByteBuffer> headerEdits) throws IOException {
    int voxelBytes = datatype == NiftiReader.UINT8 ? 1 : datatype == NiftiReader.INT16 ? 2 : 4;
    ByteBuffer b = ByteBuffer.allocate(352 + v.voxels().length * voxelBytes).order(order);
    b.putInt(0, 348);
    short[] dim = {3, (short) v.nx(), (short) v.ny(), (short) v.nz(), 1, 1, 1, 1};
    for (int i = 0; i < 8; i++) {
      b.putShort(40 + 2 * i, dim[i]);
    }
    b.putShort(70, datatype);
    b.putShort(72, (short) (voxelBytes * 8));
    float[] pixdim = {1, (float) v.spacingX(), (float) v.spacingY(), (float) v.spacingZ(), 1, 1, 1, 1};
    for (int i = 0; i < 8; i++) {
      b.putFloat(76 + 4 * i, pixdim[i]);
    }
    b.putFloat(108, 352);
    b.putFloat(112, slope);
    b.putFloat(116, intercept);
    b.putShort(254, (short) 1);
    b.putFloat(280, (float) v.spacingX());
    b.putFloat(300, (float) v.spacingY());
    b.putFloat(320, (float) v.spacingZ());
    b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
    float effectiveSlope = slope == 0 ? 1 : slope;
    float effectiveIntercept = slope == 0 ? 0 : intercept;
    for (int i = 0; i < v.voxels().length; i++) {
      float stored = (v.voxels()[i] - effectiveIntercept) / effectiveSlope;
      int at = 352 + i * voxelBytes;
      switch (datatype) {
        case NiftiReader.UINT8 -> b.put(at, (byte) Math.round(stored));
        case NiftiReader.INT16 -> b.putShort(at, (short) Math.round(stored));
        default -> b.putFloat(at, stored);
      }
    }
    headerEdits.accept(b);
    Files.createDirectories(file.getParent());
    try (OutputStream out = file.toString().endsWith(".gz")
        ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(b.array());
    }
    return file;
  }

  /** The value f(x, y, z) at every voxel of an nx x ny x nz grid with the given voxel sizes. */
  static Volume volume(int nx, int ny, int nz, double sx, double sy, double sz, VoxelFunction f) {
    float[] voxels = new float[nx * ny * nz];
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++) {
          voxels[(z * ny + y) * nx + x] = f.at(x, y, z);
        }
      }
    }
    return new Volume(nx, ny, nz, sx, sy, sz, voxels);
  }

  @FunctionalInterface
  interface VoxelFunction {
    float at(int x, int y, int z);
  }

  /**
   * An InVesalius project as InVesalius 3 saves it: a gzipped tar of a folder holding main.plist,
   * matrix.dat (int16 little-endian [z][y][x]) and one mask per threshold range, each mask one
   * voxel larger on every axis with its content from index 1.
   *
   * @param masks threshold lower bound (HU) to the 0/1 mask volume
   */
  static Path writeInv3(Path file, Volume hu, Map<Integer, Volume> masks) throws IOException {
    StringBuilder maskEntries = new StringBuilder();
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    int index = 0;
    for (Map.Entry<Integer, Volume> mask : masks.entrySet()) {
      maskEntries.append("<key>").append(index).append("</key><string>mask_").append(index).append(".plist</string>");
      tarEntry(tar, "tmpproj/mask_" + index + ".plist", plist("<dict><key>index</key><integer>" + index
          + "</integer><key>mask_file</key><string>mask_" + index + ".dat</string>"
          + "<key>mask_shape</key><array><integer>" + (hu.nz() + 1) + "</integer><integer>" + (hu.ny() + 1)
          + "</integer><integer>" + (hu.nx() + 1) + "</integer></array>"
          + "<key>threshold_range</key><array><integer>" + mask.getKey()
          + "</integer><integer>3071</integer></array><key>visible</key><true/></dict>"));
      byte[] framed = new byte[(hu.nz() + 1) * (hu.ny() + 1) * (hu.nx() + 1)];
      for (int z = 0; z < hu.nz(); z++) {
        for (int y = 0; y < hu.ny(); y++) {
          for (int x = 0; x < hu.nx(); x++) {
            framed[((z + 1) * (hu.ny() + 1) + y + 1) * (hu.nx() + 1) + x + 1] =
                (byte) (mask.getValue().at(x, y, z) > 0 ? 255 : 0);
          }
        }
      }
      // Plane 0 is InVesalius's bookkeeping border: mark it all set, so a reader that forgets
      // the one-voxel offset shows it.
      Arrays.fill(framed, 0, (hu.ny() + 1) * (hu.nx() + 1), (byte) 255);
      tarEntry(tar, "tmpproj/mask_" + index + ".dat", framed);
      index++;
    }
    ByteBuffer matrix = ByteBuffer.allocate(2 * hu.voxels().length).order(ByteOrder.LITTLE_ENDIAN);
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : hu.voxels()) {
      matrix.putShort((short) v);
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    tarEntry(tar, "tmpproj/matrix.dat", matrix.array());
    tarEntry(tar, "tmpproj/main.plist", plist("<dict><key>masks</key><dict>" + maskEntries + "</dict>"
        + "<key>matrix</key><dict><key>dtype</key><string>int16</string><key>filename</key>"
        + "<string>matrix.dat</string><key>shape</key><array><integer>" + hu.nz() + "</integer><integer>"
        + hu.ny() + "</integer><integer>" + hu.nx() + "</integer></array></dict>"
        + "<key>modality</key><string>CT</string><key>orientation</key><integer>1</integer>"
        + "<key>scalar_range</key><array><integer>" + (int) min + "</integer><integer>" + (int) max
        + "</integer></array><key>spacing</key><array><real>" + hu.spacingX() + "</real><real>"
        + hu.spacingY() + "</real><real>" + hu.spacingZ() + "</real></array></dict>"));
    tar.write(new byte[1024]);
    Files.createDirectories(file.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(tar.toByteArray());
    }
    return file;
  }

  private static byte[] plist(String body) {
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple Computer//DTD PLIST 1.0//EN\""
        + " \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\">" + body + "</plist>\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void tarEntry(ByteArrayOutputStream tar, String name, byte[] data) {
    byte[] header = new byte[512];
    byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
    put(header, 100, "0000666\0");
    put(header, 124, String.format("%011o\0", data.length));
    header[156] = '0';
    put(header, 257, "ustar\0" + "00");
    put(header, 148, "        ");
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o\0 ", sum));
    tar.writeBytes(header);
    tar.writeBytes(data);
    tar.writeBytes(new byte[(512 - data.length % 512) % 512]);
  }

  private static void put(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }
}
