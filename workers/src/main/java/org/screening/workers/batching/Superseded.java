package org.screening.workers.batching;

/** A LIVE frame taken out of the queue because {@code by}, newer, of the same feed, is queued. */
public record Superseded<T>(T dropped, T by) {}
