package org.screening.launcher.bench.compute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.List;

/**
 * Renders a {@link KernelBenchReport} as a table for people, and any bench report as one JSON line
 * for scripts.
 */
public final class ReportFormatter {

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private static final String ROW = "%-24s %-3s | %17s %17s %17s | %15s %6s | %6s %6s | %8s";

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
    row(out, "shape", "", "custom ms", "composite ms", "XLA comp. ms", "speedup", "rounds",
        "GB/s", "eff", "max diff");
    for (ShapeReport s : report.shapes()) {
      ShapeReport.Spread iqr = s.iqr();
      row(out, s.shape(), "fwd", ms(s.customFwdMs(), iqr.customFwdMs()),
          ms(s.compositeFwdMs(), iqr.compositeFwdMs()), ms(s.xlaFwdMs(), iqr.xlaFwdMs()),
          ratio(s.fwdSpeedup(), iqr.fwdSpeedup()), String.valueOf(s.fwdRounds()),
          String.format("%.2f", s.customFwdGbps()), percent(s.bandwidthEfficiency()),
          String.format("%.1e", s.maxAbsDiff()));
      row(out, "", "f+b", ms(s.customFwdbwdMs(), iqr.customFwdbwdMs()),
          ms(s.compositeFwdbwdMs(), iqr.compositeFwdbwdMs()),
          ms(s.xlaFwdbwdMs(), iqr.xlaFwdbwdMs()), ratio(s.fwdbwdSpeedup(), iqr.fwdbwdSpeedup()),
          String.valueOf(s.fwdbwdRounds()), String.format("%.2f", s.customFwdbwdGbps()),
          percent(s.bandwidthEfficiencyFwdbwd()), "");
    }
    out.append(String.format("ms = median (interquartile range) over the rounds; speedup = median "
        + "(IQR) over rounds of the faster composite (plain or XLA) / custom op, > 1: custom op "
        + "faster; GB/s = custom op's minimum traffic / time; eff = that / copy bandwidth%n"));
    List<String> unclustered = report.shapes().stream()
        .filter(s -> !s.xlaUnclusteredOps().isEmpty())
        .map(s -> s.shape() + " " + s.xlaUnclusteredOps())
        .toList();
    if (!unclustered.isEmpty()) {
      out.append(String.format("XLA left ops outside its clusters in forward+backward: %s%n",
          unclustered));
    }
    if (!report.xlaNotCompiled().isEmpty()) {
      out.append(String.format("WARNING: XLA did not compile the composite for %s: its XLA "
          + "column timed plain TensorFlow%n", report.xlaNotCompiled()));
    }
    return out.toString();
  }

  private static void row(StringBuilder out, String... cells) {
    out.append(String.format(ROW, (Object[]) cells).stripTrailing()).append('\n');
  }

  private static String ms(double median, double iqr) {
    return ms(median) + " (" + ms(iqr) + ")";
  }

  private static String ms(double millis) {
    return String.format(millis < 10 ? "%.3f" : millis < 100 ? "%.2f" : "%.1f", millis);
  }

  private static String ratio(double median, double iqr) {
    return String.format("%.2fx (%.2f)", median, iqr);
  }

  private static String percent(double fraction) {
    return String.format("%.1f%%", 100 * fraction);
  }
}
