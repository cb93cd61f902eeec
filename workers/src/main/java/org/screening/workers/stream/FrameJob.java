package org.screening.workers.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.screening.schemas.v1.FrameRef;
import org.screening.workers.decode.FrameMeta;

/**
 * One consumed frame until every output it owes (a result per task, or a dead letter) is
 * acknowledged by the broker. Event-loop confined except for the immutable fields, which the
 * inference threads read.
 */
final class FrameJob {

  final ConsumerRecord<byte[], byte[]> record;
  final PartitionOffsets offsets;
  final long consumedNanos;
  private int outstanding = 1;
  private boolean over;
  private FrameMeta meta;

  FrameJob(ConsumerRecord<byte[], byte[]> record, PartitionOffsets offsets, long consumedNanos) {
    this.record = record;
    this.offsets = offsets;
    this.consumedNanos = consumedNanos;
  }

  /** The frame was prepared and owes {@code outputs} results instead of its preparation. */
  void owes(FrameMeta meta, int outputs) {
    this.meta = meta;
    outstanding += outputs - 1;
  }

  /** What the frame said of itself, once prepared; null for a frame that was not. */
  FrameMeta meta() {
    return meta;
  }

  /** One output acknowledged; true when that was the last. */
  boolean delivered() {
    return --outstanding == 0;
  }

  /** Finished or given up (partition revoked): nothing more is counted for it. */
  boolean over() {
    return over;
  }

  void end() {
    over = true;
  }

  /** Where the frame lives, for its results: a fresh record each time, as Avro's are mutable. */
  FrameRef frameRef() {
    return FrameRef.newBuilder().setTopic(record.topic()).setPartition(record.partition())
        .setOffset(record.offset()).build();
  }

  /** Wall-clock milliseconds since the record's timestamp, or since consumption without one. */
  double endToEndMs() {
    long timestamp = record.timestamp();
    return timestamp >= 0 ? System.currentTimeMillis() - timestamp
        : (System.nanoTime() - consumedNanos) / 1e6;
  }
}
