package org.screening.workers.stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.screening.workers.config.WorkerConfig;

class WorkerStartTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  void kafkaPropertyTheClientRejectsFailsTheStartAndReleasesTheWorker() {
    Map<String, Object> config = TestWorkers.classifier(TestKafka.topics(1), "bad-property");
    config.put(WorkerConfig.KAFKA_CONSUMER_PREFIX + "fetch.min.bytes", "plenty");
    ConfigException e = assertThrows(ConfigException.class,
        () -> Worker.start(vertx, WorkerConfig.of(config)).await());
    assertTrue(e.getMessage().contains("fetch.min.bytes"), e.getMessage());
    assertTrue(Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().startsWith("kafka-producer-network-thread | test-worker")),
        "the producer built before the failure was closed");
  }

  @Test
  void aBrokerThatDoesNotAnswerIsWaitedForRatherThanFailingTheStart() throws Exception {
    Map<String, Object> config = TestWorkers.classifier(TestKafka.topics(1), "no-broker");
    config.put(WorkerConfig.KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:" + closedPort());
    // Bounds the start's first request, which otherwise waits the client's default minute.
    config.put(WorkerConfig.KAFKA_CONSUMER_PREFIX + "default.api.timeout.ms", "2000");

    Worker worker = Worker.start(vertx, WorkerConfig.of(config)).await();

    assertTrue(worker.ready());
    worker.close().await();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
