package org.screening.workers.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * Renders a {@link KernelBenchReport} as a table for people, and any bench report as one JSON line
 * for scripts.
 */
public final class ReportFormatter {

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private static final String ROW =
      "%-24s | %9s %9s %9s %7s | %9s %9s %9s %7s | %7s %6s %6s | %8s";

  private ReportFormatter() {}

  /** One JSON object on one line; field names are the records' in snake case. */
  public static String json(Object report) {
    try {
      return JSON.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the bench report as JSON", e);
    }
  }

  public static String table(KernelBenchReport report) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("Involution kernel bench: %d cores (%s), %s, TensorFlow %s, "
            + "op library %s%n", report.cores(), report.cpu(), report.jvm(), report.tensorflow(),
        report.opLibrarySha256().substring(0, 12)));
    out.append(String.format("Copy bandwidth %.2f GB/s; variants ran side by side, %s%n",
        report.copyBandwidthGbps(), report.xlaMode()));
    row(out, "", "forward", "", "", "", "fwd+bwd", "", "", "", "custom", "fwd", "f+b", "");
    row(out, "shape", "custom ms", "comp ms", "XLA ms", "speedup",
        "custom ms", "comp ms", "XLA ms", "speedup", "GB/s", "eff", "eff", "max diff");
    for (ShapeReport s : report.shapes()) {
      row(out, s.shape(),
          ms(s.customFwdMs()), ms(s.compositeFwdMs()), ms(s.xlaFwdMs()), ratio(s.fwdSpeedup()),
          ms(s.customFwdbwdMs()), ms(s.compositeFwdbwdMs()), ms(s.xlaFwdbwdMs()),
          ratio(s.fwdbwdSpeedup()), String.format("%.2f", s.customFwdGbps()),
          percent(s.bandwidthEfficiency()), percent(s.bandwidthEfficiencyFwdbwd()),
          String.format("%.1e", s.maxAbsDiff()));
    }
    out.append(String.format("ms = medians; speedup = median over rounds of faster composite (plain "
        + "or XLA) / custom op, > 1: custom op faster; GB/s = custom op's minimum traffic / time; eff = that / copy bandwidth%n"));
    if (!report.xlaNotCompiled().isEmpty()) {
      out.append(String.format("WARNING: XLA did not compile the composite for %s: its XLA "
          + "column timed plain TensorFlow%n", report.xlaNotCompiled()));
    }
    return out.toString();
  }

  private static void row(StringBuilder out, String... cells) {
    out.append(String.format(ROW, (Object[]) cells).stripTrailing()).append('\n');
  }

  private static String ms(double millis) {
    return String.format(millis < 10 ? "%.3f" : millis < 100 ? "%.2f" : "%.1f", millis);
  }

  private static String ratio(double r) {
    return String.format("%.2fx", r);
  }

  private static String percent(double fraction) {
    return String.format("%.1f%%", 100 * fraction);
  }
}
