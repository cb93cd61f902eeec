package org.screening.schemas;

/**
 * The message is single-object encoded, but its writer schema is not one this reader can use:
 * either no shipped schema has that fingerprint (typically a newer schema version than this build
 * knows), or the schema is known but describes another record (a result on the frames topic) or an
 * incompatible version.
 */
public final class UnknownSchemaException extends MessageDecodingException {

  private final long fingerprint;

  UnknownSchemaException(long fingerprint, String message) {
    super(message, null);
    this.fingerprint = fingerprint;
  }

  /** The writer schema's CRC-64-AVRO fingerprint, as read from the message header. */
  public long fingerprint() {
    return fingerprint;
  }

  @Override
  public DeadLetterReason reason() {
    return DeadLetterReason.UNKNOWN_SCHEMA;
  }
}
