package org.screening.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.screening.launcher.support.BadInputs;
import org.screening.launcher.support.BadInputs.BadInput;
import org.screening.launcher.support.BadInputs.KafkaCase;
import org.screening.launcher.support.CapturedOutput;
import org.screening.launcher.support.TestPipeline;

/**
 * Runs the pipeline on frames that carry a recognisable patient-like identifier (in the tenant,
 * the feed, the frame ids and a DICOM-style name attribute) and a recognisable pixel pattern,
 * good frames and every bad input, and checks that none of it reaches a log line.
 */
class LogHygieneIT {

  private static final String IDENTIFIER = "PATIENT-1234-XYZ";
  private static final byte[] MARKER = "PIXEL-MARKER-7F3".getBytes(StandardCharsets.US_ASCII);

  @Test
  void logsNeverShowPatientIdentifiersOrPixelBytes() throws Exception {
    BadInputs corpus = new BadInputs("tenant-" + IDENTIFIER, "feed-" + IDENTIFIER,
        Map.of("patient_name", "DOE^JANE^" + IDENTIFIER), MARKER);
    String logs;
    try (CapturedOutput output = CapturedOutput.start()) {
      try (TestPipeline pipeline = TestPipeline.start("tenant-" + IDENTIFIER)) {
        Set<String> good = new HashSet<>();
        List<byte[]> deadLetters = new ArrayList<>();
        for (BadInput input : corpus.all()) {
          if (input.http() != null) {
            pipeline.post(corpus.feed(), input.http().contentType(), input.http().query(),
                input.http().body());
          }
          if (input.kafka() != null) {
            pipeline.produce(corpus.feed(), input.kafka().value());
            if (input.kafka().reason() == null) {
              good.add(input.kafka().frameId());
            } else {
              deadLetters.add(input.kafka().value());
            }
          }
        }
        KafkaCase raw = corpus.markedRawFrame("raw");
        pipeline.produce(corpus.feed(), raw.value());
        good.add(raw.frameId());
        assertEquals(202, pipeline.post(corpus.feed(), "application/octet-stream",
            "&width=16&height=16&channels=3", corpus.markedNoise(16 * 16 * 3)).statusCode());

        assertEquals(good, pipeline.answered(good));
        for (byte[] letter : deadLetters) {
          assertTrue(pipeline.deadLetterOf(letter).isPresent(), "every dead letter arrived");
        }
      }
      logs = output.text();
    }

    assertTrue(logs.contains("Dead letter"), "the capture saw the worker's logs");
    for (String form : forbidden()) {
      assertFalse(logs.contains(form), () -> "a log line shows " + form + ":\n"
          + logs.lines().filter(line -> line.contains(form)).findFirst().orElseThrow());
    }
  }

  /** The identifier and the marker as text, hex, and base64 at each of its three alignments. */
  private static List<String> forbidden() {
    List<String> forms = new ArrayList<>(List.of(IDENTIFIER,
        new String(MARKER, StandardCharsets.US_ASCII),
        HexFormat.of().formatHex(MARKER), HexFormat.of().withUpperCase().formatHex(MARKER)));
    for (int shift = 0; shift < 3; shift++) {
      byte[] shifted = new byte[shift + MARKER.length];
      System.arraycopy(MARKER, 0, shifted, shift, MARKER.length);
      String encoded = Base64.getEncoder().encodeToString(shifted);
      // Characters that mix the marker with its neighbours differ from message to message.
      forms.add(encoded.substring(4, 16));
    }
    return forms;
  }
}
