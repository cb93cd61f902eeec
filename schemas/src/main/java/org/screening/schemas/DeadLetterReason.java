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
  /**
   * The frame breaks a rule of its fields: an empty frame_id, tenant or feed_id, neither or both
   * of pixels and pixels_ref, no task, a size of zero, or channels other than 1, 2, 3 or 4.
   */
  INVALID_FRAME,
  /** The pixel bytes cannot be decoded in the frame's encoding. */
  CORRUPT_IMAGE,
  /**
   * The image is valid but of a kind the pipeline does not screen: a 4-component (CMYK or YCCK)
   * JPEG, whose colours it does not convert.
   */
  UNSUPPORTED_IMAGE,
  /** The image exceeds the worker's size limits. */
  IMAGE_TOO_LARGE,
  /**
   * The image header's width, height or channels differ from the frame's, or raw pixels are not
   * width x height x channels bytes.
   */
  SIZE_MISMATCH,
  /** The requested model (override or the modality's default for the task) is not loaded. */
  UNKNOWN_MODEL,
  /**
   * The worker routes no model for a task the frame asks for from the frame's modality (its
   * route for that modality, or the task's default route, is empty), and no model_override
   * answers it: answering with another modality's model would be wrong without saying so.
   */
  NO_ROUTE,
  /**
   * The model failed on this frame alone, twice, while it answered a known-good input (the batch
   * was bisected down to the frame).
   */
  INFERENCE_FAILED,
  /**
   * The frame's {@code pixels_ref} names what this worker may not read: a scheme other than
   * {@code file} or {@code https}, a file outside the configured roots (by {@code ..} or a
   * symbolic link too), a host not configured, or something other than a regular file.
   */
  REF_NOT_ALLOWED,
  /**
   * The {@code pixels_ref} is allowed but could not be read: no such file, an I/O error, a
   * server that did not answer 200 within the time limit, or one whose certificate is not
   * trusted.
   */
  REF_UNREACHABLE,
  /** The bytes behind {@code pixels_ref} exceed the worker's limit for references. */
  REF_TOO_LARGE
}
