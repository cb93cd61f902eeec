package org.screening.workers.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.screening.health.HealthServer;
import org.screening.schemas.v1.Task;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.inference.InferenceStep;
import org.screening.workers.inference.LoadedModel;
import org.screening.workers.inference.ModelLoader;
import org.screening.workers.inference.Predictions;
import org.screening.workers.training.TinyModels;

/** The worker's probes and metrics over real HTTP, with a real broker and tiny real models. */
class WorkerHealthTest {

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newHttpClient();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  void startupProbeSaysLoadingUntilTheModelsAreWarmedUpThenUp() throws Exception {
    HealthServer health = HealthServer.start(vertx, "127.0.0.1", 0, registry::scrape).await();
    Map<String, Object> config = TestWorkers.classifier(TestKafka.topics(1), "startup");

    HttpResponse<String> loading = get(health, "/health/startup");
    assertEquals(503, loading.statusCode(), loading.body());
    assertEquals("DOWN", check(loading, "models").getString("status"));
    assertEquals(200, get(health, "/health/live").statusCode(), "alive while loading");
    assertEquals(503, get(health, "/health/ready").statusCode(), "not ready while loading");

    Worker worker = Worker.start(vertx, WorkerConfig.of(config), registry).await();
    health.serve(worker);

    HttpResponse<String> started = get(health, "/health/startup");
    assertEquals(200, started.statusCode(), started.body());
    assertTrue(check(started, "models").getString("detail").contains("loaded and warmed up"),
        started.body());
    assertEquals(200, get(health, "/health/live").statusCode());
    awaitStatus(health, "/health/ready", 200);
    worker.close().await();
    HttpResponse<String> closing = get(health, "/health/ready");
    assertEquals(503, closing.statusCode(), closing.body());
    assertEquals("DOWN", check(closing, "serving").getString("status"));
  }

  @Test
  void readinessGoesDownWhileAPartitionHoldsAFramePastTheBoundAndBackUpOnceItIsDone()
      throws Exception {
    TestKafka.Topics topics = TestKafka.topics(1);
    Map<String, Object> config = TestWorkers.classifier(topics, "stuck");
    config.put(WorkerConfig.HEALTH_STUCK_FRAME_MS, 500);
    CountDownLatch release = new CountDownLatch(1);
    InferenceStep held = (model, images, count) -> {
      try {
        release.await(120, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return InferenceStep.SESSION.run(model, images, count);
    };
    Worker worker = Worker.start(vertx, WorkerConfig.of(config), registry, held).await();
    HealthServer health = HealthServer.start(vertx, "127.0.0.1", 0, registry::scrape).await();
    health.serve(worker);
    awaitStatus(health, "/health/ready", 200);

    TestKafka.produce(topics.frames(), List.of(
        TestFrames.record(TestFrames.png("held", "feed", 1, Task.CLASSIFY).build())));
    HttpResponse<String> stuck = awaitStatus(health, "/health/ready", 503);
    JsonObject partitions = check(stuck, "partitions");
    assertEquals("DOWN", partitions.getString("status"), stuck.body());
    assertTrue(partitions.getString("detail").contains(topics.frames() + "-0"), stuck.body());
    assertEquals("UP", check(stuck, "consumer").getString("status"), "only the partition is down");
    assertTrue(registry.scrape().contains("screening_worker_partition_oldest_unfinished_seconds{"
        + "partition=\"0\",topic=\"" + topics.frames() + "\"}"), "the age is a metric too");

    release.countDown();
    TestKafka.await("the result", () -> worker.metrics().results() == 1);
    awaitStatus(health, "/health/ready", 200);
    worker.close().await();
  }

  @Test
  void readinessSaysTheStreamIsDownWithItsReasonWhileAModelFailsForEveryInput()
      throws Exception {
    TestKafka.Topics topics = TestKafka.topics(1);
    Map<String, Object> config = TestWorkers.classifier(topics, "inference-failing");
    // A real session, closed: TensorFlow refuses every input, as after a device loss.
    LoadedModel closed = ModelLoader.load(TinyModels.classifier());
    closed.close();
    AtomicBoolean broken = new AtomicBoolean(true);
    InferenceStep step = (model, images, count) ->
        Predictions.run(broken.get() ? closed : model, images, count);
    Worker worker = Worker.start(vertx, WorkerConfig.of(config), registry, step).await();
    HealthServer health = HealthServer.start(vertx, "127.0.0.1", 0, registry::scrape).await();
    health.serve(worker);
    awaitStatus(health, "/health/ready", 200);

    TestKafka.produce(topics.frames(), List.of(
        TestFrames.record(TestFrames.png("refused", "feed", 1, Task.CLASSIFY).build())));
    HttpResponse<String> failing = awaitStatus(health, "/health/ready", 503);
    JsonObject stream = check(failing, "stream");
    assertEquals("DOWN", stream.getString("status"), failing.body());
    assertTrue(stream.getString("detail").startsWith("INFERENCE_FAILING: medic-cls:1"),
        failing.body());
    assertTrue(registry.scrape().lines().anyMatch(l -> l.startsWith(
            "screening_inference_request_retries_total{model=\"medic-cls\",version=\"1\"}")
        && !l.endsWith(" 0.0")), "the retries are counted");

    broken.set(false);
    TestKafka.await("the result", () -> worker.metrics().results() == 1);
    HttpResponse<String> running = awaitStatus(health, "/health/ready", 200);
    assertEquals("UP", check(running, "stream").getString("status"), running.body());
    worker.close().await();
  }

  @Test
  void metricsCountTheBatchAndTheLagOfEachPartition() throws Exception {
    TestKafka.Topics topics = TestKafka.topics(2);
    Worker worker = Worker.start(vertx,
        WorkerConfig.of(TestWorkers.classifier(topics, "metrics")), registry).await();
    TestKafka.produce(topics.frames(), List.of(
        TestFrames.record(TestFrames.png("m1", "feed-a", 1, Task.CLASSIFY).build()),
        TestFrames.record(TestFrames.png("m2", "feed-b", 1, Task.CLASSIFY).build())));
    TestKafka.await("two results", () -> worker.metrics().results() == 2);
    // The client measures lag when it fetches; an idle partition reports 0 after a fetch.
    TestKafka.await("a lag figure for each partition", () -> registry.scrape().lines()
        .filter(l -> l.startsWith("screening_worker_consumer_lag{") && !l.endsWith("NaN"))
        .count() == 2);

    String scrape = registry.scrape();
    for (String expected : List.of(
        "screening_inference_request_success_total{model=\"medic-cls\",version=\"1\"} 2.0",
        "screening_inference_batch_size_count{model=\"medic-cls\",version=\"1\"}",
        "screening_inference_exec_count_total{model=\"medic-cls\",version=\"1\"}",
        "screening_inference_pending_requests{model=\"medic-cls\",version=\"1\"} 0.0",
        "screening_worker_decode_duration_seconds_count{encoding=\"PNG\"} 2",
        "screening_worker_frames_consumed_total 2.0",
        "screening_worker_partitions_assigned 2.0",
        "screening_model_info{model=\"medic-cls\"")) {
      assertTrue(scrape.contains(expected), expected + " in\n" + scrape);
    }
    worker.close().await();
  }

  private HttpResponse<String> get(HealthServer health, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + health.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> awaitStatus(HealthServer health, String path, int status)
      throws Exception {
    HttpResponse<String>[] last = new HttpResponse[1];
    TestKafka.await(path + " answering " + status, () -> {
      try {
        last[0] = get(health, path);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return last[0].statusCode() == status;
    });
    return last[0];
  }

  private static JsonObject check(HttpResponse<String> response, String name) {
    return new JsonObject(response.body()).getJsonObject("checks").getJsonObject(name);
  }
}
