package org.screening.gateway.ingest;

import org.screening.schemas.validation.ImageHeader;

/** An image that passed inspection: header read, limits checked, ready to become a Frame. */
public record FrameImage(ImageHeader header, byte[] bytes) {}
