package org.screening.workers.batching;

/** What the micro-batcher needs to know about a queued frame to apply its QoS class. */
public interface Batchable {

  /**
   * The feed, qualified by its tenant: feeds are namespaced per tenant, so two tenants' feeds of
   * the same name must never supersede each other's frames.
   */
  String feedKey();

  /** Position within the feed; the higher one wins between two LIVE frames of a feed. */
  long sequence();

  /** LIVE frames may be superseded by newer frames of their feed; BATCH frames never are. */
  boolean live();
}
