package org.screening.launcher.send;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What tests must never find downstream: a DICOM file's identifying header values (dcmdump). */
final class DicomHeaders {

  /**
   * Patient name, id and birth date, accession number, institution, referring physician, study,
   * series and instance UIDs, study id.
   */
  private static final List<String> IDENTIFIER_TAGS = List.of("0010,0010", "0010,0020",
      "0010,0030", "0008,0050", "0008,0080", "0008,0090", "0020,000d", "0020,000e", "0008,0018",
      "0020,0010");
  private static final Pattern VALUE = Pattern.compile("(?:\\[([^\\]]+)\\]|UI =?(\\S+))");
  /** Shorter values (e.g. "1") occur anywhere by chance and identify nobody. */
  private static final int MIN_LENGTH = 4;

  private DicomHeaders() {}

  static List<String> identifiers(Path file) throws Exception {
    List<String> command = new ArrayList<>(List.of("dcmdump", "-q"));
    IDENTIFIER_TAGS.forEach(tag -> command.addAll(List.of("+P", tag)));
    command.add(file.toString());
    Process dump = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(dump.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    dump.waitFor();
    List<String> values = new ArrayList<>();
    for (String line : out.split("\n")) {
      Matcher m = VALUE.matcher(line);
      if (m.find()) {
        String value = (m.group(1) != null ? m.group(1) : m.group(2)).trim();
        if (value.length() >= MIN_LENGTH) {
          values.add(value);
        }
      }
    }
    return values;
  }
}
