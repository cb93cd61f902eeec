package org.screening.schemas;

/**
 * A message value that {@link AvroCodec} cannot turn into a record. The subclass says what is
 * wrong; {@link #reason()} is the dead-letter reason to file it under and {@link #getMessage()} the
 * cause to put beside it. Unchecked, because callers decode inside stream callbacks and the only
 * sensible handling is to dead-letter the record.
 */
public abstract sealed class MessageDecodingException extends RuntimeException
    permits NotSingleObjectEncodedException, UnknownSchemaException, CorruptMessageException {

  MessageDecodingException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The value for the {@link DeadLetterHeaders#REASON} header. */
  public abstract DeadLetterReason reason();
}
