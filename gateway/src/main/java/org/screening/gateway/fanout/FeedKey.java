package org.screening.gateway.fanout;

/** A feed within its tenant: two tenants' feeds of the same name are different feeds. */
public record FeedKey(String tenant, String feed) {}
