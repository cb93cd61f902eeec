package org.screening.summaries;

import java.util.Optional;
import org.screening.schemas.v1.Classification;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Task;

/**
 * Reads what a classification result says about its frame: screened with a score, or dropped by
 * the worker (the {@code outcome} attribute the worker sets on LIVE frames it did not run).
 */
final class FrameScore {

  /** The worker's attribute naming why a result has no classification. */
  static final String OUTCOME_ATTRIBUTE = "outcome";
  static final String DROPPED_STALE = "dropped_stale";
  static final String DROPPED_DEADLINE = "dropped_deadline";

  /** A result's reading: its outcome and, when screened, its score. */
  record Reading(FrameEntry.Outcome outcome, float score) {}

  private final String scoreLabel;

  /** @param scoreLabel the label whose probability scores a frame; empty for the top-1 probability */
  FrameScore(String scoreLabel) {
    this.scoreLabel = scoreLabel;
  }

  /** Empty for results the summaries do not count: other tasks, unknown outcomes. */
  Optional<Reading> read(Result result) {
    if (result.getTask() != Task.CLASSIFY) {
      return Optional.empty();
    }
    Classification classification = result.getClassification();
    if (classification != null) {
      return Optional.of(new Reading(FrameEntry.Outcome.SCREENED, score(classification)));
    }
    String outcome = result.getAttributes().get(OUTCOME_ATTRIBUTE);
    if (DROPPED_STALE.equals(outcome)) {
      return Optional.of(new Reading(FrameEntry.Outcome.DROPPED_STALE, 0));
    }
    if (DROPPED_DEADLINE.equals(outcome)) {
      return Optional.of(new Reading(FrameEntry.Outcome.DROPPED_DEADLINE, 0));
    }
    return Optional.empty();
  }

  private float score(Classification classification) {
    if (scoreLabel.isEmpty()) {
      return classification.getTop1Probability();
    }
    int index = classification.getLabels().indexOf(scoreLabel);
    // A model without the label says nothing about it: score 0, never a guess.
    return index < 0 ? 0f : classification.getProbabilities().get(index);
  }
}
