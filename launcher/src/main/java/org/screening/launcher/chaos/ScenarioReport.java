package org.screening.launcher.chaos;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one scenario measured. {@code sent} counts frames the pipeline accepted (Kafka
 * acknowledged them, or a gateway answered 202); {@code shed} those a gateway refused with 429,
 * which were never accepted; {@code uploadsUnanswered} uploads that got no answer from any node
 * (their fate unknown to their sender). {@code recoverySeconds}: from the fault until the last
 * of the {@code recoveryFrames} frames that were on the failed component had its results at its
 * client (-1: one never did). {@code settings}: every setting that differs from the defaults the
 * README gives. {@code failedChecks}: the scenario's own conditions that did not hold (a leak,
 * counters that never came back to zero). {@code fault} holds the evidence that the fault really
 * happened and what the pipeline did about it.
 */
public record ScenarioReport(String name, long sent, long results, long lost,
    long duplicatesDelivered, long uploadsUnanswered, long deadLetters, double recoverySeconds,
    long recoveryFrames, long shed, Map<String, Object> settings, List<String> failedChecks,
    Map<String, Object> fault) {

  static ScenarioReport of(String name, DeliveryLedger ledger, Map<String, Object> settings,
      List<String> failedChecks, Map<String, Object> fault) {
    DeliveryLedger.Verdict v = ledger.verdict();
    return new ScenarioReport(name, v.sent(), v.results(), v.lost(), v.duplicatesDelivered(),
        v.uploadsUnanswered(), v.deadLetters(), v.recoverySeconds(), v.recoveryFrames(),
        ledger.shedCount(), Map.copyOf(settings), List.copyOf(failedChecks), Map.copyOf(fault));
  }

  /**
   * The goal: nothing lost, nothing handed twice to a client, no upload left without an answer,
   * no dead letter (no scenario sends bad input), and the scenario's own checks held.
   */
  public boolean passed() {
    return lost == 0 && duplicatesDelivered == 0 && uploadsUnanswered == 0 && deadLetters == 0
        && failedChecks.isEmpty();
  }

  /** The human line. */
  public String line() {
    return String.format("%-15s %s  sent %d  results %d  lost %d  duplicates %d  unanswered %d"
            + "  dead letters %d  recovery %.2f s (%d frames)%s%s  %s%s", name,
        passed() ? "PASS" : "FAIL", sent, results, lost, duplicatesDelivered, uploadsUnanswered,
        deadLetters, recoverySeconds, recoveryFrames, shed > 0 ? "  shed " + shed : "",
        failedChecks.isEmpty() ? "" : "  failed checks " + failedChecks, new TreeMap<>(fault),
        settings.isEmpty() ? "" : "  settings " + new TreeMap<>(settings));
  }

  /** The scenario's entry in the JSON line. */
  public Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", name);
    json.put("passed", passed());
    json.put("sent", sent);
    json.put("results", results);
    json.put("lost", lost);
    json.put("duplicates_delivered", duplicatesDelivered);
    json.put("uploads_unanswered", uploadsUnanswered);
    json.put("dead_letters", deadLetters);
    json.put("recovery_s", recoverySeconds);
    json.put("recovery_frames", recoveryFrames);
    json.put("shed", shed);
    json.put("failed_checks", failedChecks);
    json.put("settings", new TreeMap<>(settings));
    json.put("fault", new TreeMap<>(fault));
    return json;
  }
}
