package org.screening.workers.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.schemas.v1.Task;
import org.screening.workers.cli.WorkerCommand;
import org.screening.workers.config.WorkerConfig;

class WorkerProcessTest {

  @Test
  void sigtermFinishesTheFramesInFlightCommitsLeavesTheGroupAndExits(@TempDir Path tmp) throws Exception {
    TestKafka.Topics topics = TestKafka.topics(1);
    Map<String, Object> config = TestWorkers.classifier(topics, "process");
    config.put(WorkerConfig.STATUS_INTERVAL_MS, 200);
    Path file = Files.writeString(tmp.resolve("worker.json"), json(config));
    ProcessBuilder child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), WorkerCommand.class.getName(),
        "--config", file.toString())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("worker.log").toFile());
    child.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process process = child.start();

    TestKafka.produce(topics.frames(), List.of(
        TestFrames.record(TestFrames.png("a", "feed", 1, Task.CLASSIFY).build()),
        TestFrames.record(TestFrames.png("b", "feed", 2, Task.CLASSIFY).build())));
    TestKafka.readUntil(topics.results(), read -> read.size() >= 2);
    process.destroy();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "stopped on SIGTERM");

    String log = Files.readString(tmp.resolve("worker.log"));
    assertTrue(log.contains("consumed=2 results=2"), log);
    assertTrue(log.contains("stopped: consumed=2 results=2 dead_letters=0"), log);
    try (Admin admin = TestKafka.admin()) {
      // Left, not merely gone: a member that did not leave stays until its session times out.
      assertEquals(List.of(), List.copyOf(admin.describeConsumerGroups(List.of("process"))
          .all().get().get("process").members()), "the worker left its group on SIGTERM");
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets("process").partitionsToOffsetAndMetadata().get();
      assertEquals(2, committed.get(new TopicPartition(topics.frames(), 0)).offset());
    }
  }

  private static String json(Map<String, Object> config) {
    StringBuilder out = new StringBuilder("{");
    config.forEach((k, v) -> out.append(out.length() > 1 ? "," : "")
        .append('"').append(k).append("\":\"").append(v).append('"'));
    return out.append('}').toString();
  }
}
