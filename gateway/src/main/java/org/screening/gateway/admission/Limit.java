package org.screening.gateway.admission;

/**
 * A bound on one cluster-wide counter.
 *
 * @param counter the counter's cluster-wide name
 * @param max the most the counter may reach
 * @param label which kind of limit this is, for 429 answers and metrics
 */
public record Limit(String counter, long max, String label) {}
