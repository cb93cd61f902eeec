package org.screening.gateway.admission;

/** A cluster-wide limit would be passed; {@link #limit()} names which one. */
public final class QuotaExceeded extends RuntimeException {

  private final Limit limit;

  QuotaExceeded(Limit limit) {
    super("limit " + limit.label() + " of " + limit.max() + " reached", null, false, false);
    this.limit = limit;
  }

  public Limit limit() {
    return limit;
  }
}
