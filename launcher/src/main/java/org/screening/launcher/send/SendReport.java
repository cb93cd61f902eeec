package org.screening.launcher.send;

/**
 * What one {@code send} did: its feed (not printed: a caller may name it), frames sent (all acknowledged), background tiles skipped,
 * how long it took, and how often the destination made it wait.
 */
public record SendReport(String kind, String feed, long sent, long skipped, double seconds,
    long pushbacks) {

  /** The summary line: counts only, never a file name or an identifier from the source. */
  public String line() {
    String skippedPart = kind.equals("slide") ? "  skipped (background) " + skipped : "";
    return String.format("send: %s  sent %d%s  in %.1f s (%.1f/s)  waited for the "
            + "destination %d times  dropped 0", kind, sent, skippedPart, seconds,
        seconds > 0 ? sent / seconds : 0, pushbacks);
  }
}
