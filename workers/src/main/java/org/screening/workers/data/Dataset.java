package org.screening.workers.data;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Samples resized to one input size, with their class names.
 * The constructor checks every sample against the size and the task, so a trainer can trust the shapes.
 */
public record Dataset(Task task, int height, int width, List<String> classNames, List<Sample> samples) {

  public Dataset {
    Objects.requireNonNull(task, "task");
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("size must be positive, got " + height + "x" + width);
    }
    classNames = List.copyOf(classNames);
    samples = List.copyOf(samples);
    for (Sample s : samples) {
      check(s, task, height, width, classNames.size());
    }
  }

  // Static: a compact constructor assigns the fields only after its body has run.
  private static void check(Sample s, Task task, int height, int width, int classCount) {
    if (s.pixels().length != height * width * 3) {
      throw new IllegalArgumentException(s.id() + ": " + s.pixels().length + " pixel values, expected "
          + height + "x" + width + "x3");
    }
    if (s.label() < -1 || s.label() >= classCount || (task == Task.CLASSIFY && s.label() < 0)) {
      throw new IllegalArgumentException(s.id() + ": label " + s.label() + " outside the "
          + classCount + " classes");
    }
    boolean wantsMask = task == Task.SEGMENT;
    if (wantsMask != (s.mask() != null)) {
      throw new IllegalArgumentException(s.id() + ": " + task + " samples must "
          + (wantsMask ? "" : "not ") + "carry a mask");
    }
    if (wantsMask && s.mask().length != height * width) {
      throw new IllegalArgumentException(s.id() + ": mask of " + s.mask().length + " values, expected "
          + height + "x" + width);
    }
  }

  public int size() {
    return samples.size();
  }

  /** The same dataset restricted to the samples the predicate accepts, in their original order. */
  public Dataset filter(Predicate<Sample> keep) {
    return new Dataset(task, height, width, classNames, samples.stream().filter(keep).toList());
  }

  /**
   * Divides the dataset into train and held-out parts, deterministically for a given seed.
   * Whole groups move together; where samples carry class labels the held-out fraction is met
   * per class (stratified), so rare classes are represented on both sides.
   *
   * @param heldOutFraction share of samples to hold out, strictly between 0 and 1
   */
  public Split split(double heldOutFraction, long seed) {
    return GroupSplit.split(this, heldOutFraction, seed);
  }
}
