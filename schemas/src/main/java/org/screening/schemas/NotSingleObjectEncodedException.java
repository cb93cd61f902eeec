package org.screening.schemas;

/** The bytes do not start with the Avro single-object marker {@code C3 01} and a fingerprint. */
public final class NotSingleObjectEncodedException extends MessageDecodingException {

  NotSingleObjectEncodedException(String message) {
    super(message, null);
  }

  @Override
  public DeadLetterReason reason() {
    return DeadLetterReason.UNDECODABLE_MESSAGE;
  }
}
