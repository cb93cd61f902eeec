package org.screening.launcher.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.MessageDecodingException;
import org.screening.schemas.Topics;
import org.screening.schemas.v1.Frame;

/**
 * Reads the dead-letter topic from its start and tells the ledger which of its frames are
 * there: a dead letter is an answer (the pipeline refused the frame, and says why), not a loss.
 */
final class DeadLetterWatcher implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final DeliveryLedger ledger;
  private final Thread thread;

  DeadLetterWatcher(String bootstrapServers, DeliveryLedger ledger) {
    this.ledger = ledger;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "chaos-dead-letters-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.FRAMES_DLQ));
    this.thread = new Thread(this::loop, "chaos-dead-letters");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    AvroCodec<Frame> frames = AvroCodec.frames();
    try {
      while (true) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          try {
            ledger.deadLetter(frames.decode(record.value()).getFrameId());
          } catch (MessageDecodingException e) {
            // Not one of the run's frames: the run sends only well-formed ones.
          }
        }
      }
    } catch (WakeupException e) {
      // Closed.
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  @Override
  public void close() throws InterruptedException {
    consumer.wakeup();
    thread.join(5_000);
  }
}
