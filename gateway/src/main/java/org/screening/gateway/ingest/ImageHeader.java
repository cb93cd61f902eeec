package org.screening.gateway.ingest;

import org.screening.schemas.v1.ImageEncoding;

/** What the gateway learnt about an image from its header, without decoding pixels. */
public record ImageHeader(ImageEncoding encoding, int width, int height, int channels) {}
