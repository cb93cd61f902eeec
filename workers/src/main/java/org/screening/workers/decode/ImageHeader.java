package org.screening.workers.decode;

/**
 * What an encoded image's header says about it, read before any pixel is decoded.
 *
 * @param channels samples per pixel as stored: 1 grey, 2 grey + alpha, 3 colour, 4 colour + alpha
 */
public record ImageHeader(int width, int height, int channels) {}
