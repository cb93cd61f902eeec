package org.screening.schemas;

/**
 * Kafka header names on dead-letter records. A dead letter keeps the original key and value bytes
 * (it may be undecodable, so it is never re-encoded); these headers carry the diagnosis. All header
 * values are UTF-8 strings.
 */
public final class DeadLetterHeaders {

  /** Why the record was rejected: the {@link DeadLetterReason#name()} of the reason. */
  public static final String REASON = "dead-letter-reason";

  /**
   * Human-readable detail of the failure (exception message), for operators. Never contains pixel
   * data or patient identifiers.
   */
  public static final String CAUSE = "dead-letter-cause";

  /** Topic the original record was consumed from. */
  public static final String TOPIC = "dead-letter-topic";

  /** Partition the original record was consumed from, as a decimal number. */
  public static final String PARTITION = "dead-letter-partition";

  /** Offset of the original record in its partition, as a decimal number. */
  public static final String OFFSET = "dead-letter-offset";

  /**
   * Present only on a stub: a dead letter too large for the dead-letter topic, stored with this
   * header (the original value's size in bytes, as a decimal number) in place of the original's
   * own headers, and as value the frame without its pixels, or no bytes when the original was not
   * a readable frame. Offset and partition above still locate the original.
   */
  public static final String ORIGINAL_SIZE = "dead-letter-original-size";

  private DeadLetterHeaders() {}
}
