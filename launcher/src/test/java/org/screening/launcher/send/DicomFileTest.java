package org.screening.launcher.send;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.Modality;

/**
 * DICOM files of the case data, decoded by DCMTK as {@code send dicom} does: the same image in
 * each transfer syntax decodes to the same pixels as its uncompressed reference, and no header
 * identifier reaches a frame.
 */
class DicomFileTest {

  private static final Path HOME = Path.of(System.getProperty("screening.home", ".."));

  private static Path dicom;

  @BeforeAll
  static void data() throws Exception {
    dicom = CaseData.at(HOME, System.out).dicom();
  }

  @ParameterizedTest
  @ValueSource(strings = {"MR_small_implicit", "MR_small_bigendian", "MR_small_expb",
      "MR_small_RLE"})
  void anMrImageDecodesToTheSamePixelsAsItsUncompressedReference(String twin) throws Exception {
    BufferedImage reference = only(DicomFile.decode(dicom.resolve("MR_small.dcm")));
    BufferedImage decoded = only(DicomFile.decode(dicom.resolve(twin + ".dcm")));
    assertArrayEquals(pixels(reference), pixels(decoded), twin);
  }

  @Test
  void jpegBaselineDecodesCloseToItsUncompressedReference() throws Exception {
    int[] reference = pixels(only(DicomFile.decode(dicom.resolve("SC_rgb_small_odd.dcm"))));
    DicomFile.Decoded jpeg = DicomFile.decode(dicom.resolve("SC_rgb_small_odd_jpeg.dcm"));
    assertEquals("JPEGBaseline", jpeg.syntax());
    int[] lossy = pixels(only(jpeg));
    double error = 0;
    for (int i = 0; i < reference.length; i++) {
      for (int shift = 0; shift < 24; shift += 8) {
        error += Math.abs(((reference[i] >> shift) & 0xff) - ((lossy[i] >> shift) & 0xff));
      }
    }
    double mean = error / (reference.length * 3.0);
    assertTrue(mean < 8, "mean absolute error per sample " + mean);
  }

  @Test
  void aJpegLosslessCtAndAMultiFrameXaCineDecodeWithTheirModality() throws Exception {
    DicomFile.Decoded ct = DicomFile.decode(dicom.resolve("jpeg_lossless_sel1.dcm"));
    assertTrue(ct.syntax().startsWith("JPEGLossless"), ct.syntax());
    assertEquals("CT", ct.dicomModality());
    assertEquals(512, only(ct).getWidth());
    assertEquals(400, only(ct).getHeight());
    DicomFile.Decoded xa = DicomFile.decode(dicom.resolve("jpeg_baseline_8bit.dcm"));
    assertEquals(96, xa.frames().size(), "a cine loop: every frame");
    assertEquals(Modality.RADIOLOGY_SLICE, xa.modality());
  }

  @Test
  void noHeaderIdentifierReachesAFrame() throws Exception {
    DicomSender sender = new DicomSender(null,
        new Identity("t", "dicom-feed", Identity.randomCaseId(), null));
    List<Path> files;
    try (Stream<Path> list = Files.list(dicom)) {
      files = list.sorted().toList();
    }
    int checked = 0;
    for (Path file : files) {
      List<String> identifiers = DicomHeaders.identifiers(file);
      DicomFile.Decoded decoded = DicomFile.decode(file);
      Frame frame = sender.frame(decoded, decoded.frames().get(0), 0, true);
      String encoded = new String(AvroCodec.frames().encode(frame), StandardCharsets.ISO_8859_1);
      for (String identifier : identifiers) {
        assertFalse(encoded.contains(identifier),
            file.getFileName() + ": a header identifier is in the frame");
        checked++;
      }
    }
    assertTrue(checked >= 20, "identifiers checked: " + checked);
  }

  private static BufferedImage only(DicomFile.Decoded decoded) {
    assertEquals(1, decoded.frames().size());
    return decoded.frames().get(0);
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }
}
