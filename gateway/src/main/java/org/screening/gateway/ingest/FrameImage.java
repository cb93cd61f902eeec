package org.screening.gateway.ingest;

/** An image that passed inspection: header read, limits checked, ready to become a Frame. */
public record FrameImage(ImageHeader header, byte[] bytes) {}
