package org.screening.workers.data;

/** What a dataset teaches: one class per image, or a binary foreground mask per image. */
public enum Task {
  CLASSIFY,
  SEGMENT
}
