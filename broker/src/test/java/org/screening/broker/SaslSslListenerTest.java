package org.screening.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaslSslListenerTest {

  private static EmbeddedKafka kafka;
  private static SelfSignedCertificate certificate;

  @BeforeAll
  static void startBroker(@TempDir Path dir) {
    certificate = SelfSignedCertificate.create(dir);
    kafka = EmbeddedKafka.startWithSaslSsl(
        new SaslSslListener(certificate, Map.of("gateway", "right-password")));
    kafka.createTopics(List.of(new NewTopic("t", 1, (short) 1)));
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void aClientWithTheRightPasswordProducesOverSaslSsl() throws Exception {
    try (KafkaProducer<String, String> producer = producer("right-password")) {
      RecordMetadata sent = producer.send(new ProducerRecord<>("t", "k", "v")).get(30, TimeUnit.SECONDS);
      assertEquals(0, sent.offset());
    }
  }

  @Test
  void aClientWithAWrongPasswordIsRefusedWithAnAuthenticationError() {
    try (KafkaProducer<String, String> producer = producer("wrong-password")) {
      ExecutionException refused = assertThrows(ExecutionException.class,
          () -> producer.send(new ProducerRecord<>("t", "k", "v")).get(30, TimeUnit.SECONDS));
      assertInstanceOf(SaslAuthenticationException.class, refused.getCause());
      assertTrue(refused.getCause().getMessage().contains("Invalid username or password"),
          refused.getCause().getMessage());
    }
  }

  private static KafkaProducer<String, String> producer(String password) {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.saslSslBootstrapServers(),
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000,
        "security.protocol", "SASL_SSL",
        "sasl.mechanism", "PLAIN",
        "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"gateway\" password=\"" + password + "\";",
        "ssl.truststore.type", "PEM",
        "ssl.truststore.location", certificate.certificatePem().toString()),
        new StringSerializer(), new StringSerializer());
  }
}
