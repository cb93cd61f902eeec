package org.screening.workers.decode;

/** A decoded image as RGB floats in [0,1], row-major, interleaved (see {@code Images}). */
public record DecodedImage(int width, int height, float[] rgb) {}
