package org.screening.schemas.validation;

import java.util.Objects;
import java.util.function.Function;
import org.screening.schemas.DeadLetterReason;

/**
 * What a check found: the value it read, or a refusal with the {@link DeadLetterReason} it is
 * filed under and a detail for a person. Each door turns a refusal into its own answer (a
 * dead letter, a problem document) from the same reason. A detail names sizes, encodings and
 * rules, never identifiers or pixel values.
 */
public final class Verdict<T> {

  /** Makes a door's exception from a refusal. */
  @FunctionalInterface
  public interface Refusal<E extends Throwable> {
    E of(DeadLetterReason reason, String detail);
  }

  private final T value;
  private final DeadLetterReason reason;
  private final String detail;

  private Verdict(T value, DeadLetterReason reason, String detail) {
    this.value = value;
    this.reason = reason;
    this.detail = detail;
  }

  public static <T> Verdict<T> accept(T value) {
    return new Verdict<>(Objects.requireNonNull(value), null, null);
  }

  public static <T> Verdict<T> refuse(DeadLetterReason reason, String detail) {
    return new Verdict<>(null, Objects.requireNonNull(reason), detail);
  }

  public boolean accepted() {
    return reason == null;
  }

  /** The refusal's reason; null when accepted. */
  public DeadLetterReason reason() {
    return reason;
  }

  /** The refusal's detail; null when accepted. */
  public String detail() {
    return detail;
  }

  /** The next check on the accepted value; a refusal stays what it was. */
  public <U> Verdict<U> then(Function<T, Verdict<U>> next) {
    return accepted() ? next.apply(value) : refuse(reason, detail);
  }

  /** The accepted value, or the door's exception for the refusal. */
  public <E extends Throwable> T orElseThrow(Refusal<E> refusal) throws E {
    if (!accepted()) {
      throw refusal.of(reason, detail);
    }
    return value;
  }

  @Override
  public String toString() {
    return accepted() ? "accepted " + value : reason + ": " + detail;
  }
}
