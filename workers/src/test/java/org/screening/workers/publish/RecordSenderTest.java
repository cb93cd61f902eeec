package org.screening.workers.publish;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaWriteStream;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordSenderTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  /** The pipeline then leaves the frame unfinished, so its offset is never committed. */
  @Test
  void aRefusedCredentialFailsTheSendRatherThanBeingRetriedForever() {
    MockProducer<byte[], byte[]> producer = new MockProducer<>(
        false, null, new ByteArraySerializer(), new ByteArraySerializer());
    RecordSender sender = new RecordSender(vertx, KafkaWriteStream.create(vertx, producer));

    Future<Void> sent = sender.send(new ProducerRecord<>("results", new byte[] {1}));
    vertx.setPeriodic(10, id -> {
      if (producer.errorNext(new SaslAuthenticationException("Invalid username or password"))) {
        vertx.cancelTimer(id);
      }
    });

    assertThrows(SaslAuthenticationException.class, () -> sent.await(10, TimeUnit.SECONDS));
  }
}
