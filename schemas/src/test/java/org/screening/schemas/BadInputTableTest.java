package org.screening.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's bad-input table is what operators read to learn the dead-letter vocabulary:
 * every reason the code can give is in it, and it names none the code does not have.
 */
class BadInputTableTest {

  private static final Pattern REASON = Pattern.compile("`([A-Z][A-Z_]+)`");

  @Test
  void theReadmesBadInputTableNamesExactlyTheDeadLetterReasons() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    String section = readme.substring(readme.indexOf("## Bad input"));
    section = section.substring(0, section.indexOf("\n## ", 1));
    Set<String> documented = new TreeSet<>();
    for (String row : section.lines().filter(line -> line.startsWith("| ")).toList()) {
      String[] cells = row.split("\\|");
      Matcher reasons = REASON.matcher(cells[cells.length - 1]);
      while (reasons.find()) {
        documented.add(reasons.group(1));
      }
    }

    assertEquals(Arrays.stream(DeadLetterReason.values()).map(Enum::name)
        .collect(Collectors.toCollection(TreeSet::new)), documented);
  }
}
