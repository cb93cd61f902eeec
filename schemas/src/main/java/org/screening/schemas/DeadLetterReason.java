package org.screening.schemas;

/**
 * Values of the {@link DeadLetterHeaders#REASON} header. The header holds {@link #name()}, so
 * operators can count and filter dead letters by a fixed vocabulary; the detail goes to {@link
 * DeadLetterHeaders#CAUSE}.
 */
public enum DeadLetterReason {
  /** The value is not a single-object encoded Avro message, or its body is truncated or corrupt. */
  UNDECODABLE_MESSAGE,
  /**
   * The value's schema fingerprint is unknown, or names a schema this topic's reader cannot read.
   */
  UNKNOWN_SCHEMA,
  /** The frame's fields contradict each other (no pixels and no reference, no task, bad sizes). */
  INVALID_FRAME,
  /**
   * The pixel bytes cannot be decoded in the frame's encoding, or the pixel reference cannot be
   * read.
   */
  CORRUPT_IMAGE,
  /** The image exceeds the worker's size limits. */
  IMAGE_TOO_LARGE,
  /** The decoded image's width, height or channels differ from the frame's. */
  SIZE_MISMATCH,
  /** The requested model (override or the modality's default for the task) is not loaded. */
  UNKNOWN_MODEL,
  /** The model failed on this frame alone (the batch was bisected down to it). */
  INFERENCE_FAILED
}
