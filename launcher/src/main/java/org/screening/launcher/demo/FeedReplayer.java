package org.screening.launcher.demo;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.Topics;
import org.screening.schemas.v1.Frame;

/**
 * Sends the demo feed to the frames topic at a steady rate, as a scanner's producer would: Avro
 * single-object encoded, keyed by feed id, acknowledged by all replicas.
 */
final class FeedReplayer implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final DemoFeed feed;
  private final ResultTracker tracker;
  private final AvroCodec<Frame> codec = AvroCodec.frames();

  FeedReplayer(String bootstrapServers, DemoFeed feed, ResultTracker tracker) {
    this.feed = feed;
    this.tracker = tracker;
    this.producer = FrameProducers.create(bootstrapServers);
  }

  /**
   * Sends {@code frames} frames (forever when negative) at {@code perSecond}, pacing against the
   * start time so a slow send does not lower the average rate. Returns when done or interrupted.
   */
  void replay(long frames, double perSecond) throws InterruptedException {
    long start = System.nanoTime();
    for (long i = 0; frames < 0 || i < frames; i++) {
      long due = start + (long) (i * 1e9 / perSecond);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      Frame frame = feed.next();
      tracker.sent(frame, System.nanoTime());
      producer.send(new ProducerRecord<>(Topics.FRAMES, frame.getFeedId(), codec.encode(frame)));
    }
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
