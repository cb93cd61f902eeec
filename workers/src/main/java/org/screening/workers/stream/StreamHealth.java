package org.screening.workers.stream;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What a readiness probe needs to know about a worker's stream of frames, as {@link
 * Worker#health()} saw it.
 *
 * @param state what the stream is doing
 * @param reason why it is not {@link State#RUNNING}; null when it is
 * @param lastFailure the failure that caused the last restart, or null before any
 * @param restarts how often the stream was restarted since the worker started
 * @param oldestUnfinished per assigned partition holding unfinished frames, how long ago its
 *     oldest one was consumed: a number that only grows is a frame that does not end
 */
public record StreamHealth(State state, String reason, String lastFailure, int restarts,
    Map<TopicPartition, Duration> oldestUnfinished) {

  /** The stream's states; only {@link #RUNNING} is ready. */
  public enum State {
    /** Consuming, screening and committing. */
    RUNNING,
    /**
     * A model fails for every input, or the system around it does (a closed session, a device
     * error, memory): its frames are retried with backoff and stay uncommitted.
     */
    INFERENCE_FAILING,
    /**
     * A frame could not be ended (its result or dead letter refused for good, an Error while
     * preparing it): the consumer is re-created, and what was not committed comes again.
     */
    RESTARTING,
    /** Closing or closed. */
    CLOSED
  }

  public boolean ready() {
    return state == State.RUNNING;
  }
}
