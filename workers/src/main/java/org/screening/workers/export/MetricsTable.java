package org.screening.workers.export;

import java.util.List;
import java.util.Map;

/** Formats a metrics report (see the training metrics classes) as a plain-text table. */
public final class MetricsTable {

  private MetricsTable() {}

  public static String format(Map<String, Object> report) {
    StringBuilder out = new StringBuilder();
    Object perClass = report.get("per_class");
    if (perClass instanceof List<?> rows && !rows.isEmpty()) {
      out.append(String.format("%-16s %8s %9s %9s %9s%n", "class", "support", "precision",
          "recall", "f1"));
      for (Object row : rows) {
        Map<?, ?> r = (Map<?, ?>) row;
        out.append(String.format("%-16s %8s %9.4f %9.4f %9.4f%n", r.get("class"), r.get("support"),
            r.get("precision"), r.get("recall"), r.get("f1")));
      }
      out.append(String.format("%-16s %8s %9.4f %9.4f %9.4f%n", "macro", report.get("samples"),
          report.get("macro_precision"), report.get("macro_recall"), report.get("macro_f1")));
      out.append(String.format("%-16s %8s %9.4f%n", "accuracy", "", report.get("accuracy")));
    } else {
      out.append(String.format("%-10s %8s%n", "metric", "value"));
      for (String key : List.of("accuracy", "iou", "dice")) {
        if (report.containsKey(key)) {
          out.append(String.format("%-10s %8.4f%n", key, report.get(key)));
        }
      }
      out.append(String.format("%-10s %8s%n", "samples", report.get("samples")));
    }
    return out.toString();
  }
}
