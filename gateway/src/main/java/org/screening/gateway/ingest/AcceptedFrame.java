package org.screening.gateway.ingest;

/** A frame the gateway accepted, as the 202 answer lists it. */
public record AcceptedFrame(String frameId, long sequence) {}
