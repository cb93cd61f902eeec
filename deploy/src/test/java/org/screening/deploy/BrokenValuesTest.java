package org.screening.deploy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each file under src/test/resources/broken is a values file with one mistake, and its first line
 * ({@code # expect: TEXT}) names what Helm's refusal must mention.
 */
class BrokenValuesTest {

  static final Path BROKEN = Path.of("src/test/resources/broken");

  static Stream<Path> brokenValuesFiles() throws IOException {
    return Files.list(BROKEN).filter(f -> f.toString().endsWith(".yaml")).sorted();
  }

  @ParameterizedTest
  @MethodSource("brokenValuesFiles")
  void brokenValuesFileIsRefusedNamingTheMistake(Path values) throws IOException {
    String expect = Files.readAllLines(values).get(0).replaceFirst("^# expect: ", "");
    Exception refused = assertThrows(Exception.class, () -> Chart.render(values));
    assertTrue(refused.getMessage().contains(expect),
        values + ": expected the refusal to mention '" + expect + "', got: " + refused.getMessage());
  }
}
