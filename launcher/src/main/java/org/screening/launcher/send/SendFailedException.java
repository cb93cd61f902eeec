package org.screening.launcher.send;

/** A frame the destination refused for good; {@code send} stops and says so, never skips it. */
public final class SendFailedException extends Exception {

  SendFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
