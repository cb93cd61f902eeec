package org.screening.launcher.chaos;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one scenario measured. {@code sent} counts frames the pipeline accepted (Kafka
 * acknowledged them, or a gateway answered 202); {@code shed} those a gateway refused with 429,
 * which were never accepted. {@code recoverySeconds}: from the fault until the last frame in
 * flight at that moment had its results at its client (-1: one never did). {@code fault} holds
 * the evidence that the fault really happened and what the pipeline did about it.
 */
public record ScenarioReport(String name, long sent, long results, long lost,
    long duplicatesDelivered, long deadLetters, double recoverySeconds, long shed,
    Map<String, Object> fault) {

  static ScenarioReport of(String name, DeliveryLedger ledger, Map<String, Object> fault) {
    DeliveryLedger.Verdict v = ledger.verdict();
    return new ScenarioReport(name, v.sent(), v.results(), v.lost(), v.duplicatesDelivered(),
        v.deadLetters(), v.recoverySeconds(), ledger.shedCount(), Map.copyOf(fault));
  }

  /** The goal: nothing lost, nothing handed twice to a client. */
  public boolean passed() {
    return lost == 0 && duplicatesDelivered == 0;
  }

  /** The human line. */
  public String line() {
    return String.format("%-15s %s  sent %d  results %d  lost %d  duplicates %d  dead letters %d"
            + "  recovery %.2f s%s  %s", name, passed() ? "PASS" : "FAIL", sent, results, lost,
        duplicatesDelivered, deadLetters, recoverySeconds, shed > 0 ? "  shed " + shed : "",
        fault);
  }

  /** The scenario's entry in the JSON line. */
  public Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", name);
    json.put("sent", sent);
    json.put("results", results);
    json.put("lost", lost);
    json.put("duplicates_delivered", duplicatesDelivered);
    json.put("dead_letters", deadLetters);
    json.put("recovery_s", recoverySeconds);
    json.put("shed", shed);
    json.put("fault", new java.util.TreeMap<>(fault));
    return json;
  }
}
