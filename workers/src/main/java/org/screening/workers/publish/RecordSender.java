package org.screening.workers.publish;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaWriteStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records until the broker acknowledges them (acks=all): a frame's offset is committed on
 * the strength of these acknowledgements, so a transient failure (the broker restarting, a
 * delivery timeout) is retried with backoff rather than given up. Non-retriable failures (a
 * record over the topic's size limit) fail the returned future; the frame then stays unfinished
 * and its offset uncommitted, which shows as consumer lag.
 */
public final class RecordSender {

  private static final Logger LOG = LoggerFactory.getLogger(RecordSender.class);
  private static final long MAX_BACKOFF_MS = 5_000;

  private final Vertx vertx;
  private final KafkaWriteStream<byte[], byte[]> producer;
  private volatile boolean closed;
  /** The error of the latest failed attempt, until an attempt succeeds; read by health. */
  private volatile Throwable lastFailure;

  public RecordSender(Vertx vertx, KafkaWriteStream<byte[], byte[]> producer) {
    this.vertx = vertx;
    this.producer = producer;
    // Every send's own future reports its failure; this only keeps the stream from logging
    // each one again as unhandled.
    producer.exceptionHandler(e -> LOG.debug("Producer: {}", e.toString()));
  }

  /** Completes once the broker has the record; fails only for non-retriable errors or close. */
  public Future<Void> send(ProducerRecord<byte[], byte[]> record) {
    Promise<Void> acknowledged = Promise.promise();
    attempt(record, 100, acknowledged);
    return acknowledged.future();
  }

  /**
   * Why the latest send failed, or null if it succeeded (or none was made): whether the producer
   * can publish now, as far as its own sends tell.
   */
  public Throwable lastFailure() {
    return lastFailure;
  }

  /** Stops retrying and closes the producer once what it holds is sent. */
  public Future<Void> close() {
    closed = true;
    return producer.flush().eventually(producer::close);
  }

  private void attempt(ProducerRecord<byte[], byte[]> record, long backoffMs,
      Promise<Void> acknowledged) {
    producer.send(record).onComplete(sent -> {
      if (sent.succeeded()) {
        lastFailure = null;
        acknowledged.complete();
        return;
      }
      lastFailure = sent.cause();
      if (!closed && sent.cause() instanceof RetriableException) {
        LOG.warn("Send to {} failed ({}); retrying in {} ms", record.topic(), sent.cause(),
            backoffMs);
        vertx.setTimer(backoffMs,
            id -> attempt(record, Math.min(MAX_BACKOFF_MS, backoffMs * 2), acknowledged));
      } else {
        acknowledged.fail(sent.cause());
      }
    });
  }
}
