package org.screening.workers.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MedMnistNpzLoaderTest {

  @TempDir
  Path dir;

  private final MedMnistNpzLoader loader = new MedMnistNpzLoader();

  /** A .npy file as NumPy writes it: magic, version, padded dict header, then the raw data. */
  private static byte[] npy(String descr, int[] shape, byte[] data, int majorVersion) {
    String shapeText = shape.length == 1 ? "(" + shape[0] + ",)"
        : Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", ", "(", ")"));
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
    int prefix = majorVersion == 1 ? 10 : 12;
    int padded = (prefix + dict.length() + 1 + 63) / 64 * 64;
    String header = dict + " ".repeat(padded - prefix - dict.length() - 1) + "\n";
    ByteBuffer out = ByteBuffer.allocate(padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) majorVersion, 0});
    if (majorVersion == 1) {
      out.putShort((short) header.length());
    } else {
      out.putInt(header.length());
    }
    out.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
    return out.array();
  }

  private static byte[] int64(long... values) {
    ByteBuffer out = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      out.putLong(v);
    }
    return out.array();
  }

  /** Images whose every pixel equals 10 * (image index + 1), labels image index % classes. */
  private static Map<String, byte[]> part(String name, int n, int size, int channels, int classes) {
    byte[] pixels = new byte[n * size * size * channels];
    for (int i = 0; i < n; i++) {
      Arrays.fill(pixels, i * size * size * channels, (i + 1) * size * size * channels, (byte) (10 * (i + 1)));
    }
    long[] labels = new long[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % classes;
    }
    int[] shape = channels == 1 ? new int[] {n, size, size} : new int[] {n, size, size, channels};
    Map<String, byte[]> arrays = new LinkedHashMap<>();
    arrays.put(name + "_images.npy", npy("|u1", shape, pixels, 1));
    arrays.put(name + "_labels.npy", npy("<i8", new int[] {n, 1}, int64(labels), 1));
    return arrays;
  }

  /** Writes the arrays into a zip; stored entries as np.savez writes them, deflated as savez_compressed. */
  private static Path npz(Path file, Map<String, byte[]> arrays, boolean compressed) throws IOException {
    try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
      for (Map.Entry<String, byte[]> e : arrays.entrySet()) {
        ZipEntry entry = new ZipEntry(e.getKey());
        if (!compressed) {
          CRC32 crc = new CRC32();
          crc.update(e.getValue());
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(e.getValue().length);
          entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return file;
  }

  private Path pathMnist(boolean compressed) throws IOException {
    Map<String, byte[]> arrays = new LinkedHashMap<>();
    arrays.putAll(part("train", 9, 28, 3, 3));
    arrays.putAll(part("val", 3, 28, 3, 3));
    arrays.putAll(part("test", 6, 28, 3, 3));
    return npz(dir.resolve("pathmnist.npz"), arrays, compressed);
  }

  @Test
  void loadsAllThreePartsWithIdsNamingThePart() throws IOException {
    Dataset d = loader.load(pathMnist(false), 28, 28);
    assertEquals(18, d.size());
    assertEquals(List.of("0", "1", "2"), d.classNames());
    assertEquals("val/2", d.samples().get(11).id());
    assertEquals(2, d.samples().get(11).label());
    assertEquals(30 / 255f, d.samples().get(11).pixels()[0], 1e-6f);
  }

  @Test
  void publishedSplitTrainsOnTrainAndHoldsOutTest() throws IOException {
    Split split = MedMnistNpzLoader.publishedSplit(loader.load(pathMnist(true), 28, 28));
    assertEquals(9, split.train().size());
    assertEquals(6, split.heldOut().size());
    assertTrue(split.heldOut().samples().stream().allMatch(s -> MedMnistNpzLoader.partOf(s).equals("test")));
  }

  @Test
  void greyImagesAreReplicatedAndResized() throws IOException {
    npz(dir.resolve("organamnist.npz"), part("test", 2, 28, 1, 2), true);
    Sample second = loader.load(dir, 14, 14).samples().get(1);
    assertEquals(14 * 14 * 3, second.pixels().length);
    for (float v : second.pixels()) {
      assertEquals(20 / 255f, v, 1e-6f);
    }
  }

  @Test
  void sidecarNamesTheClasses() throws IOException {
    Path file = pathMnist(true);
    Files.write(dir.resolve("pathmnist.classes.txt"), List.of("adipose", "background", "debris"));
    assertEquals(List.of("adipose", "background", "debris"), loader.load(file, 28, 28).classNames());
  }

  @Test
  void readsVersionTwoHeadersAndInt32Labels() throws IOException {
    ByteBuffer labels = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putInt(0);
    Map<String, byte[]> arrays = Map.of(
        "train_images.npy", npy("|u1", new int[] {2, 2, 2}, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 2),
        "train_labels.npy", npy("<i4", new int[] {2}, labels.array(), 2));
    Dataset d = loader.load(npz(dir.resolve("v2.npz"), arrays, false), 2, 2);
    assertEquals(List.of(1, 0), d.samples().stream().map(Sample::label).toList());
    assertArrayEquals(new float[] {5 / 255f, 5 / 255f, 5 / 255f}, Arrays.copyOf(d.samples().get(1).pixels(), 3));
  }

  @Test
  void multiLabelSetsAreRefusedClearly() throws IOException {
    Map<String, byte[]> arrays = Map.of(
        "train_images.npy", npy("|u1", new int[] {1, 2, 2}, new byte[4], 1),
        "train_labels.npy", npy("<i8", new int[] {1, 2}, int64(0, 1), 1));
    IOException e = assertThrows(IOException.class, () -> loader.load(npz(dir.resolve("chest.npz"), arrays, true), 2, 2));
    assertTrue(e.getMessage().contains("train_labels.npy") && e.getMessage().contains("multi-label"), e.getMessage());
  }

  @Test
  void truncatedArrayIsNamed() throws IOException {
    byte[] whole = npy("|u1", new int[] {2, 2, 2}, new byte[8], 1);
    Map<String, byte[]> arrays = Map.of("train_images.npy", Arrays.copyOf(whole, whole.length - 3));
    IOException e = assertThrows(IOException.class, () -> loader.load(npz(dir.resolve("t.npz"), arrays, true), 2, 2));
    assertTrue(e.getMessage().contains("t.npz!train_images.npy: 5 data bytes"), e.getMessage());
  }

  @Test
  void fileWithoutPartsListsWhatItHolds() throws IOException {
    Map<String, byte[]> arrays = Map.of("x.npy", npy("|u1", new int[] {1}, new byte[1], 1));
    IOException e = assertThrows(IOException.class, () -> loader.load(npz(dir.resolve("odd.npz"), arrays, true), 2, 2));
    assertTrue(e.getMessage().contains("(found: x)"), e.getMessage());
  }
}
