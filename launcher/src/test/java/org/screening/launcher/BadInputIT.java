package org.screening.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.screening.launcher.support.BadInputs;
import org.screening.launcher.support.BadInputs.BadInput;
import org.screening.launcher.support.BadInputs.HttpCase;
import org.screening.launcher.support.BadInputs.KafkaCase;
import org.screening.launcher.support.TestPipeline;
import org.screening.schemas.DeadLetterHeaders;

/**
 * Every case of the bad-input corpus over both doors of the pipeline, each between two good
 * frames: the bad one gets its answer (a problem document, a dead letter, or results where the
 * image is converted) and the good ones around it still get results, so nothing stalled or died.
 */
class BadInputIT {

  private static final String TENANT = "clinic-a";
  private static final BadInputs CORPUS =
      new BadInputs(TENANT, "bad-input", Map.of(), "0123456789abcdef".getBytes());

  private static TestPipeline pipeline;

  @BeforeAll
  static void startPipeline() throws Exception {
    pipeline = TestPipeline.start(TENANT);
  }

  @AfterAll
  static void stopPipeline() throws Exception {
    pipeline.close();
  }

  static Stream<BadInput> overHttp() {
    return CORPUS.all().stream().filter(c -> c.http() != null);
  }

  static Stream<BadInput> overKafka() {
    return CORPUS.all().stream().filter(c -> c.kafka() != null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overHttp")
  void gatewayAnswersEachBadInputAndTheFramesAroundItGetResults(BadInput input)
      throws Exception {
    HttpCase bad = input.http();
    String before = postGood();
    HttpResponse<String> answer =
        pipeline.post(CORPUS.feed(), bad.contentType(), bad.query(), bad.body());
    String after = postGood();

    assertEquals(bad.status(), answer.statusCode(), answer.body());
    if (bad.problemType() != null) {
      assertEquals("application/problem+json",
          answer.headers().firstValue("Content-Type").orElse(""));
      JsonNode problem = json(answer.body());
      assertEquals("/problems/" + bad.problemType(), problem.get("type").asText());
      assertEquals(bad.status(), problem.get("status").asInt());
      assertTrue(problem.get("detail").asText().length() > 10, "a detail naming the problem");
    } else if (input.kafka() != null && input.kafka().reason() == null) {
      String converted = json(answer.body()).get("frames").get(0).get("frame_id").asText();
      assertTrue(pipeline.completedResults(converted).isPresent(), "results for " + input);
    }
    assertTrue(pipeline.completedResults(before).isPresent(), "results before " + input);
    assertTrue(pipeline.completedResults(after).isPresent(), "results after " + input);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overKafka")
  void workerDeadLettersEachBadInputAndTheFramesAroundItGetResults(BadInput input)
      throws Exception {
    KafkaCase bad = input.kafka();
    KafkaCase before = CORPUS.goodFrame("before");
    KafkaCase after = CORPUS.goodFrame("after");
    pipeline.produce(CORPUS.feed(), before.value());
    pipeline.produce(CORPUS.feed(), bad.value());
    pipeline.produce(CORPUS.feed(), after.value());

    Set<String> wanted = new HashSet<>(Set.of(before.frameId(), after.frameId()));
    if (bad.reason() == null) {
      wanted.add(bad.frameId());
    } else {
      ConsumerRecord<byte[], byte[]> letter = pipeline.deadLetterOf(bad.value())
          .orElseThrow(() -> new AssertionError("no dead letter for " + input));
      assertEquals(bad.reason().name(), header(letter, DeadLetterHeaders.REASON));
      assertTrue(header(letter, DeadLetterHeaders.CAUSE).length() > 10, "a cause naming it");
    }
    assertEquals(wanted, pipeline.answered(wanted));
  }

  @Test
  void producerIsRefusedAMessageOverTheTopicsLimitAndTheFeedGoesOn() throws Exception {
    byte[] huge = CORPUS.markedNoise(BadInputs.TOPIC_MAX_MESSAGE_BYTES + 1024);
    ExecutionException refused = assertThrows(ExecutionException.class,
        () -> pipeline.produce(CORPUS.feed(), huge));
    assertInstanceOf(RecordTooLargeException.class, refused.getCause());

    KafkaCase after = CORPUS.goodFrame("after-refused");
    pipeline.produce(CORPUS.feed(), after.value());
    assertEquals(Set.of(after.frameId()), pipeline.answered(Set.of(after.frameId())));
  }

  private static String postGood() throws Exception {
    HttpResponse<String> accepted = pipeline.post(CORPUS.feed(), "image/png", "",
        CORPUS.goodPng());
    assertEquals(202, accepted.statusCode(), accepted.body());
    return json(accepted.body()).get("frames").get(0).get("frame_id").asText();
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static JsonNode json(String body) throws Exception {
    return new ObjectMapper().readTree(body);
  }
}
