package org.screening.launcher.send;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.screening.launcher.support.TestPipeline;

/** {@code send --gateway}: every frame of the DICOM samples accepted by a real gateway (202). */
class SendOverHttpIT {

  private static final Path HOME = Path.of(System.getProperty("screening.home", ".."));

  @Test
  void everyDicomFrameIsAcceptedByTheGatewayWithTheApiKey() throws Exception {
    List<Path> files;
    try (Stream<Path> list = Files.list(CaseData.at(HOME, System.out).dicom())) {
      files = list.sorted().toList();
    }
    try (TestPipeline pipeline = TestPipeline.start("t")) {
      SendReport report = CaseSend.dicomOverHttp(pipeline.gatewayUri(), pipeline.apiKey(), "t",
          "dicom-" + UUID.randomUUID(), files, System.out);
      assertEquals(96 + 16 + 11, report.sent());
    }
  }
}
