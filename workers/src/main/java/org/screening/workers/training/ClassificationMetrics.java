package org.screening.workers.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The paper's classification metrics: accuracy, and recall, precision and F1 per class and macro. */
public final class ClassificationMetrics {

  private final List<String> classes;
  private final long[][] confusion;

  public ClassificationMetrics(List<String> classes) {
    this.classes = List.copyOf(classes);
    this.confusion = new long[classes.size()][classes.size()];
  }

  public void add(int actual, int predicted) {
    confusion[actual][predicted]++;
  }

  /** Metrics as an ordered map (rows of the printed table and the JSON written). */
  public Map<String, Object> report() {
    long correct = 0;
    long total = 0;
    List<Map<String, Object>> perClass = new ArrayList<>();
    double recallSum = 0;
    double precisionSum = 0;
    double f1Sum = 0;
    for (int c = 0; c < classes.size(); c++) {
      long tp = confusion[c][c];
      long actual = 0;
      long predicted = 0;
      for (int k = 0; k < classes.size(); k++) {
        actual += confusion[c][k];
        predicted += confusion[k][c];
      }
      correct += tp;
      total += actual;
      double recall = ratio(tp, actual);
      double precision = ratio(tp, predicted);
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      recallSum += recall;
      precisionSum += precision;
      f1Sum += f1;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("class", classes.get(c));
      row.put("support", actual);
      row.put("precision", precision);
      row.put("recall", recall);
      row.put("f1", f1);
      perClass.add(row);
    }
    int k = Math.max(1, classes.size());
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("task", "classification");
    report.put("samples", total);
    report.put("accuracy", ratio(correct, total));
    report.put("macro_precision", precisionSum / k);
    report.put("macro_recall", recallSum / k);
    report.put("macro_f1", f1Sum / k);
    report.put("per_class", perClass);
    return report;
  }

  private static double ratio(long a, long b) {
    return b == 0 ? 0 : (double) a / b;
  }
}
