package org.screening.workers.stream;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.training.TinyModels;

/** Worker configs for the stream tests: tiny real models, a test's topics, fast group timing. */
final class TestWorkers {

  private static final AtomicInteger IDS = new AtomicInteger();

  private TestWorkers() {}

  /** A classifier-only worker: SEGMENT has no model, which keeps start-up under a second. */
  static Map<String, Object> classifier(TestKafka.Topics topics, String group) {
    Map<String, Object> config = common(topics, group);
    config.put(WorkerConfig.modelKey("cls", WorkerConfig.MODEL_DIR), TinyModels.classifier());
    config.put(WorkerConfig.ROUTING_SEGMENT, "");
    return config;
  }

  /** A worker serving both tiny models. */
  static Map<String, Object> both(TestKafka.Topics topics, String group) {
    Map<String, Object> config = classifier(topics, group);
    config.put(WorkerConfig.modelKey("seg", WorkerConfig.MODEL_DIR), TinyModels.segmenter());
    // Warm-up runs the largest batch; Seg on two CPU cores is slow enough per image.
    config.put(WorkerConfig.modelKey("seg", WorkerConfig.MODEL_MAX_BATCH_SIZE), 2);
    config.put(WorkerConfig.ROUTING_SEGMENT, "medic-seg");
    return config;
  }

  private static Map<String, Object> common(TestKafka.Topics topics, String group) {
    Map<String, Object> config = new HashMap<>();
    config.put(WorkerConfig.WORKER_ID, "test-worker-" + IDS.incrementAndGet());
    config.put(WorkerConfig.KAFKA_BOOTSTRAP_SERVERS, TestKafka.bootstrapServers());
    config.put(WorkerConfig.KAFKA_GROUP_ID, group);
    config.put(WorkerConfig.TOPIC_FRAMES, topics.frames());
    config.put(WorkerConfig.TOPIC_RESULTS, topics.results());
    config.put(WorkerConfig.TOPIC_DEAD_LETTERS, topics.deadLetters());
    config.put(WorkerConfig.KAFKA_POLL_TIMEOUT_MS, 50);
    // Tests run side by side (and beside other checkouts): never the fixed default port.
    config.put(WorkerConfig.HTTP_PORT, 0);
    config.put(WorkerConfig.KAFKA_COMMIT_INTERVAL_MS, 100);
    config.put(WorkerConfig.KAFKA_CONSUMER_PREFIX + "heartbeat.interval.ms", 500);
    config.put(WorkerConfig.KAFKA_CONSUMER_PREFIX + "session.timeout.ms", 3000);
    config.put(WorkerConfig.KAFKA_PRODUCER_PREFIX + "linger.ms", 1);
    config.put(WorkerConfig.modelKey("cls", WorkerConfig.MODEL_MAX_QUEUE_DELAY_MICROS), 1000);
    return config;
  }
}
