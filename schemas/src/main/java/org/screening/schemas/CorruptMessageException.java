package org.screening.schemas;

/**
 * The header names a readable schema, but the body is truncated, malformed or has bytes left over.
 */
public final class CorruptMessageException extends MessageDecodingException {

  CorruptMessageException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public DeadLetterReason reason() {
    return DeadLetterReason.UNDECODABLE_MESSAGE;
  }
}
