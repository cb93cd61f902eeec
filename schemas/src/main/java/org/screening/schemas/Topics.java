package org.screening.schemas;

/**
 * Kafka topic names of the screening pipeline. Every topic is keyed by feed id, so the frames and
 * results of one feed stay ordered on one partition.
 */
public final class Topics {

  /** Frames to screen: key = feed id, value = single-object encoded {@code Frame}. */
  public static final String FRAMES = "screening.frames.v1";

  /** Screening results: key = feed id, value = single-object encoded {@code Result}. */
  public static final String RESULTS = "screening.results.v1";

  /**
   * Frames that could not be screened: the original key and value bytes, untouched, with the {@link
   * DeadLetterHeaders} saying why.
   */
  public static final String FRAMES_DLQ = "screening.frames.v1.dlq";

  /**
   * Case-level answers (a slide, a procedure): key = feed id, value = single-object encoded {@code
   * Summary}. Written by the summaries role from the frames and results topics.
   */
  public static final String SUMMARIES = "screening.summaries.v1";

  private Topics() {}
}
