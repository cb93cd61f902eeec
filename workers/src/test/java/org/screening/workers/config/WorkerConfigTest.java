package org.screening.workers.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.schemas.Topics;

class WorkerConfigTest {

  @TempDir
  Path tmp;

  private Path file(String json) throws Exception {
    return Files.writeString(tmp.resolve("worker.json"), json);
  }

  @Test
  void consumerRebalancesCooperativelyUnlessAnotherAssignorOrProtocolIsChosen() {
    String strategy = "partition.assignment.strategy";
    assertEquals("org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
        WorkerConfig.defaults().consumerProperties().get(strategy));
    assertEquals("org.apache.kafka.clients.consumer.RangeAssignor", WorkerConfig.of(Map.of(
            WorkerConfig.KAFKA_CONSUMER_PREFIX + strategy,
            "org.apache.kafka.clients.consumer.RangeAssignor"))
        .consumerProperties().get(strategy));
    // The consumer protocol (KIP-848) assigns on the broker and refuses a client assignor.
    assertEquals(null, WorkerConfig.of(Map.of(
            WorkerConfig.KAFKA_CONSUMER_PREFIX + "group.protocol", "consumer"))
        .consumerProperties().get(strategy));
  }

  @Test
  void healthPortHasItsOwnKeyAndVariable() {
    assertEquals(8081, WorkerConfig.defaults().getInt(WorkerConfig.HTTP_PORT));
    assertEquals(9100, WorkerConfig.fromEnvironment(Map.of("SCREENING_WORKER_HTTP_PORT", "9100"))
        .getInt(WorkerConfig.HTTP_PORT));
    assertThrows(ConfigException.class,
        () -> WorkerConfig.of(Map.of(WorkerConfig.HTTP_PORT, 70000)));
  }

  @Test
  void defaultsServeTheShippedModelsFromALocalBroker() {
    WorkerConfig config = WorkerConfig.defaults();
    assertEquals("localhost:9092", config.getString(WorkerConfig.KAFKA_BOOTSTRAP_SERVERS));
    assertEquals(Set.of("medic-cls", "medic-seg"), config.modelIds());
    assertEquals("models/medic-seg/1",
        config.getString(WorkerConfig.modelKey("medic-seg", WorkerConfig.MODEL_DIR)));
    assertEquals(Topics.FRAMES, config.getString(WorkerConfig.TOPIC_FRAMES));
  }

  @Test
  void nestedAndDottedKeysInTheFileMeanTheSame() throws Exception {
    WorkerConfig config = WorkerConfig.load(file("""
        {"kafka": {"group.id": "g1", "consumer": {"max.poll.records": 16}},
         "queue.highWater": 40,
         "models": {"cls": {"dir": "m/cls", "preferredBatchSizes": [2, 4]}}}
        """), Map.of());
    assertEquals("g1", config.getString(WorkerConfig.KAFKA_GROUP_ID));
    assertEquals("16", config.consumerProperties().get("max.poll.records"));
    assertEquals(40, config.getInt(WorkerConfig.QUEUE_HIGH_WATER));
    assertEquals(List.of(2, 4), config.getIntList(
        WorkerConfig.modelKey("cls", WorkerConfig.MODEL_PREFERRED_BATCH_SIZES)));
  }

  @Test
  void modelsDeclaredInTheFileReplaceTheDefaults() throws Exception {
    WorkerConfig config = WorkerConfig.load(file("{\"models\": {\"only\": {\"dir\": \"x\"}}}"),
        Map.of());
    assertEquals(Set.of("only"), config.modelIds());
  }

  @Test
  void environmentVariableOverridesTheFile() throws Exception {
    WorkerConfig config = WorkerConfig.load(file("{\"kafka.bootstrap.servers\": \"a:1\"}"),
        Map.of("SCREENING_WORKER_KAFKA_BOOTSTRAP_SERVERS", "b:2"));
    assertEquals("b:2", config.getString(WorkerConfig.KAFKA_BOOTSTRAP_SERVERS));
  }

  @Test
  void camelCaseAndDashesMapToUpperSnakeCase() {
    assertEquals("SCREENING_WORKER_MODELS_MEDIC_CLS_MAX_QUEUE_DELAY_MICROS",
        EnvironmentVariables.nameOf("models.medic-cls.maxQueueDelayMicros"));
    WorkerConfig config = WorkerConfig.fromEnvironment(
        Map.of("SCREENING_WORKER_MODELS_MEDIC_CLS_MAX_BATCH_SIZE", "4"));
    assertEquals(4, config.getInt(WorkerConfig.modelKey("medic-cls",
        WorkerConfig.MODEL_MAX_BATCH_SIZE)));
  }

  @Test
  void kafkaPropertyFromTheEnvironmentReachesTheClientEvenIfTheFileNeverNamesIt() {
    WorkerConfig config = WorkerConfig.fromEnvironment(Map.of(
        "SCREENING_WORKER_KAFKA_CONSUMER_SESSION_TIMEOUT_MS", "7000",
        "SCREENING_WORKER_KAFKA_CLIENT_SECURITY_PROTOCOL", "SSL"));
    assertEquals("7000", config.consumerProperties().get("session.timeout.ms"));
    assertEquals("SSL", config.producerProperties().get("security.protocol"));
  }

  @Test
  void atLeastOnceSettingsCannotBeTurnedOff() {
    assertThrows(ConfigException.class,
        () -> WorkerConfig.of(Map.of("kafka.consumer.enable.auto.commit", "true")));
    assertThrows(ConfigException.class,
        () -> WorkerConfig.of(Map.of("kafka.producer.acks", "1")));
    WorkerConfig config = WorkerConfig.defaults();
    assertEquals("false", config.consumerProperties().get("enable.auto.commit"));
    assertEquals("all", config.producerProperties().get("acks"));
    assertEquals("true", config.producerProperties().get("enable.idempotence"));
  }

  @Test
  void unknownKeyIsRefused() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> WorkerConfig.of(Map.of("queue.highwater", 5)));
    assertTrue(e.getMessage().contains("queue.highwater"), e.getMessage());
  }

  @Test
  void numberWithATypoIsRefusedAtLoad() {
    assertThrows(ConfigException.class,
        () -> WorkerConfig.of(Map.of(WorkerConfig.DECODE_MAX_WIDTH, "40g6")));
  }

  @Test
  void queueTooSmallForTheWaterMarksIsRefused() {
    ConfigException e = assertThrows(ConfigException.class, () -> WorkerConfig.of(Map.of(
        WorkerConfig.QUEUE_HIGH_WATER, 100, "kafka.consumer.max.poll.records", 50,
        WorkerConfig.QUEUE_MAX_SIZE, 150)));
    assertTrue(e.getMessage().contains("200"), e.getMessage());
  }

  @Test
  void preferredBatchSizeAboveTheMaximumIsRefused() {
    assertThrows(ConfigException.class, () -> WorkerConfig.of(Map.of(
        "models.m.dir", "x", "models.m.maxBatchSize", 4, "models.m.preferredBatchSizes", "2,8")));
  }

  @Test
  void deviceMustBeACpuOrAGpu() {
    assertThrows(ConfigException.class,
        () -> WorkerConfig.of(Map.of(WorkerConfig.TF_DEVICE, "/TPU:0")));
  }

  @Test
  void credentialsInPassThroughPropertiesStayOutOfToString() {
    String shown = WorkerConfig.of(Map.of("kafka.client.sasl.jaas.config", "secret")).toString();
    assertTrue(!shown.contains("secret") && shown.contains("kafka.client.sasl.jaas.config"), shown);
  }

  @Test
  void reviewThresholdIsSetPerModelAndDefaultsToOneHalf() {
    WorkerConfig config = WorkerConfig.of(Map.of("models.cls.dir", "a", "models.seg.dir", "b",
        "models.seg.reviewThreshold", "0.25"));
    assertEquals(0.5, config.getDouble(
        WorkerConfig.modelKey("cls", WorkerConfig.MODEL_REVIEW_THRESHOLD)));
    assertEquals(0.25, config.getDouble(
        WorkerConfig.modelKey("seg", WorkerConfig.MODEL_REVIEW_THRESHOLD)));
  }

  @Test
  void reviewThresholdOutsideZeroToOneIsRefused() {
    for (String bad : List.of("1.5", "-0.1", "NaN", "0.5f")) {
      assertThrows(ConfigException.class, () -> WorkerConfig.of(Map.of(
          "models.m.dir", "x", "models.m.reviewThreshold", bad)), bad);
    }
  }

  @Test
  void uncertaintyIsEstimatedPerModelAndDefaultsToEntropy() {
    WorkerConfig config = WorkerConfig.of(Map.of("models.cls.dir", "a", "models.seg.dir", "b",
        "models.seg.uncertainty", "flips"));
    assertEquals(UncertaintyMethod.ENTROPY, config.uncertaintyMethod("cls"));
    assertEquals(UncertaintyMethod.FLIPS, config.uncertaintyMethod("seg"));
  }

  @Test
  void anUncertaintyMethodTheWorkerDoesNotKnowIsRefusedNamingTheChoices() {
    ConfigException refused = assertThrows(ConfigException.class, () -> WorkerConfig.of(Map.of(
        "models.m.dir", "x", "models.m.uncertainty", "mc-dropout")));
    assertEquals("models.m.uncertainty must be one of entropy, flips, got 'mc-dropout'",
        refused.getMessage());
  }
}
