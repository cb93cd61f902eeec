package org.screening.launcher.chaos;

import java.util.HashSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.screening.launcher.demo.FrameProducers;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.Topics;
import org.screening.schemas.v1.Frame;

/**
 * Frames straight onto the frames topic, as a scanner's producer sends them: a frame counts as
 * sent once the broker acknowledged it, and its wait counts from the moment it was handed to the
 * producer. While the broker is down the producer holds and retries (idempotent, so a retry never
 * doubles a frame).
 */
final class KafkaDoor implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final AvroCodec<Frame> codec = AvroCodec.frames();
  private final DeliveryLedger ledger;

  KafkaDoor(String bootstrapServers, DeliveryLedger ledger) {
    this.producer = FrameProducers.create(bootstrapServers);
    this.ledger = ledger;
  }

  void send(Frame frame) {
    long handedOver = System.nanoTime();
    producer.send(new ProducerRecord<>(Topics.FRAMES, frame.getFeedId(), codec.encode(frame)),
        (metadata, error) -> {
          if (error == null) {
            ledger.accepted(frame.getFrameId(), new HashSet<>(frame.getTasks()),
                new DeliveryLedger.Placement(frame.getFeedId(), metadata.partition(),
                    metadata.offset()), handedOver);
          } else {
            ledger.refused();
          }
        });
  }

  /**
   * Waits until every frame sent so far is acknowledged or refused: a frame sent while the broker
   * was away is known to the ledger only from its acknowledgement, which may come seconds later.
   */
  void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
