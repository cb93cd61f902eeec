package org.screening.gateway.ingest;

/** One image as received: its declared media type (lower case, no parameters) and its bytes. */
public record ImagePart(String mediaType, byte[] bytes) {}
