package org.screening.launcher.send;

import java.util.HexFormat;
import java.security.SecureRandom;

/**
 * The ids one {@code send} gives its frames. Nothing is taken from the source (file names, DICOM
 * identifiers): the case id is random unless the caller names one, the feed and frame ids derive
 * from it, so a resent frame keeps its id.
 */
record Identity(String tenant, String feed, String caseId, String model) {

  private static final SecureRandom RANDOM = new SecureRandom();

  static String randomCaseId() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  String frameId(long sequence) {
    return caseId + "-" + sequence;
  }
}
