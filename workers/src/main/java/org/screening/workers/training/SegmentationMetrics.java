package org.screening.workers.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The paper's segmentation metrics over all held-out pixels, the mask thresholded at 0.5:
 * pixel accuracy, IoU (Jaccard) and Dice of the foreground.
 */
public final class SegmentationMetrics {

  private long truePositive;
  private long falsePositive;
  private long falseNegative;
  private long trueNegative;
  private long images;

  public void add(float[] truth, float[] probabilities) {
    for (int i = 0; i < truth.length; i++) {
      boolean actual = truth[i] >= 0.5f;
      boolean predicted = probabilities[i] >= 0.5f;
      if (actual && predicted) {
        truePositive++;
      } else if (predicted) {
        falsePositive++;
      } else if (actual) {
        falseNegative++;
      } else {
        trueNegative++;
      }
    }
    images++;
  }

  public Map<String, Object> report() {
    long pixels = truePositive + falsePositive + falseNegative + trueNegative;
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("task", "segmentation");
    report.put("samples", images);
    report.put("accuracy", pixels == 0 ? 0 : (double) (truePositive + trueNegative) / pixels);
    long union = truePositive + falsePositive + falseNegative;
    report.put("iou", union == 0 ? 1 : (double) truePositive / union);
    long sizes = 2 * truePositive + falsePositive + falseNegative;
    report.put("dice", sizes == 0 ? 1 : 2.0 * truePositive / sizes);
    return report;
  }
}
