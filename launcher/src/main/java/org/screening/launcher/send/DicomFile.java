package org.screening.launcher.send;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.screening.schemas.v1.Modality;

/**
 * A DICOM file decoded by Debian's DCMTK: {@code dcmdump} reads the few header fields {@code send}
 * needs (transfer syntax, modality, frame count; never a patient or study identifier), and
 * {@code dcmj2pnm} decodes every frame (uncompressed little or big endian, RLE, JPEG baseline and
 * lossless) to 8-bit PNG, greyscale frames windowed by their own minimum and maximum.
 */
final class DicomFile {

  /** Transfer syntaxes DCMTK decodes here, by the names dcmdump prints. */
  static final List<String> SUPPORTED_SYNTAXES = List.of("LittleEndianExplicit",
      "LittleEndianImplicit", "BigEndianExplicit", "RLELossless", "JPEGBaseline",
      "JPEGLossless:Non-hierarchical-1stOrderPrediction", "JPEGLossless:Non-hierarchical");

  /** DICOM modality codes (0008,0060) and the frame modality each maps to. */
  private static final Map<String, Modality> MODALITIES = Map.ofEntries(
      Map.entry("ES", Modality.ENDOSCOPY_FRAME), Map.entry("SM", Modality.PATHOLOGY_TILE),
      Map.entry("GM", Modality.MICROSCOPY_FIELD), Map.entry("CT", Modality.RADIOLOGY_SLICE),
      Map.entry("MR", Modality.RADIOLOGY_SLICE), Map.entry("XA", Modality.RADIOLOGY_SLICE),
      Map.entry("CR", Modality.RADIOLOGY_SLICE), Map.entry("DX", Modality.RADIOLOGY_SLICE),
      Map.entry("MG", Modality.RADIOLOGY_SLICE), Map.entry("RF", Modality.RADIOLOGY_SLICE),
      Map.entry("US", Modality.RADIOLOGY_SLICE), Map.entry("PT", Modality.RADIOLOGY_SLICE),
      Map.entry("NM", Modality.RADIOLOGY_SLICE));

  private static final Pattern SYNTAX = Pattern.compile("\\(0002,0010\\) UI =(\\S+)");
  private static final Pattern MODALITY = Pattern.compile("\\(0008,0060\\) CS \\[([^\\]]*)\\]");
  private static final long TOOL_TIMEOUT_SECONDS = 120;

  /** What the header says, and the file's frames decoded. */
  record Decoded(String syntax, String dicomModality, Modality modality, List<BufferedImage> frames) {}

  private DicomFile() {}

  static Decoded decode(Path file) throws IOException, InterruptedException {
    String header = run(List.of("dcmdump", "-q", "+P", "0002,0010", "+P", "0008,0060",
        file.toString()), "cannot read the DICOM header");
    String syntax = find(SYNTAX, header);
    if (syntax == null || !SUPPORTED_SYNTAXES.contains(syntax)) {
      throw new IOException("transfer syntax " + syntax + " is not supported (supported: "
          + String.join(", ", SUPPORTED_SYNTAXES) + ")");
    }
    String code = find(MODALITY, header);
    code = code == null ? "" : code.trim();
    Path dir = Files.createTempDirectory("screening-dicom");
    try {
      run(List.of("dcmj2pnm", "-q", "+Fa", "+on", "+Wm", file.toString(),
          dir.resolve("frame").toString()), "cannot decode the DICOM pixel data");
      return new Decoded(syntax, code, MODALITIES.getOrDefault(code, Modality.OTHER),
          readFrames(dir));
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** frame.0.png, frame.1.png, ... in frame order. */
  private static List<BufferedImage> readFrames(Path dir) throws IOException {
    List<BufferedImage> frames = new ArrayList<>();
    for (int i = 0; ; i++) {
      Path png = dir.resolve("frame." + i + ".png");
      if (!Files.exists(png)) {
        break;
      }
      frames.add(ImageIO.read(png.toFile()));
    }
    if (frames.isEmpty()) {
      throw new IOException("the DICOM file has no image frames");
    }
    return frames;
  }

  private static String find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? m.group(1) : null;
  }

  /** Runs a DCMTK tool; its output is returned, never logged (it may hold header values). */
  private static String run(List<String> command, String failure)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
    if (!process.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(failure + ": " + command.get(0) + " timed out");
    }
    if (process.exitValue() != 0) {
      throw new IOException(failure + " (" + command.get(0) + " exit " + process.exitValue() + ")");
    }
    return output;
  }
}
