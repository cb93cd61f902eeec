package org.screening.gateway.health;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.kafka.admin.KafkaAdminClient;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.screening.gateway.cluster.GatewayCluster;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import org.screening.gateway.http.HttpProblem;
import org.screening.gateway.http.ProblemHandler;

/**
 * {@code /health/live} (the event loop answers), {@code /health/startup} (the node has finished
 * starting) and {@code /health/ready} (serving, the Hazelcast cluster is safe and a Kafka broker
 * answers). A failing check is a 503 problem document listing every check.
 */
public final class HealthChecks {

  private static final int KAFKA_TIMEOUT_MS = 3000;

  private final Lifecycle lifecycle;
  private final GatewayCluster cluster;
  private final KafkaAdminClient kafka;

  private HealthChecks(Lifecycle lifecycle, GatewayCluster cluster, KafkaAdminClient kafka) {
    this.lifecycle = lifecycle;
    this.cluster = cluster;
    this.kafka = kafka;
  }

  public static HealthChecks create(Vertx vertx, GatewayConfig config, Lifecycle lifecycle,
      GatewayCluster cluster) {
    Map<String, String> props = new HashMap<>(config.get(ConfigKeys.KAFKA_CLIENT));
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS));
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(KAFKA_TIMEOUT_MS));
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(KAFKA_TIMEOUT_MS));
    KafkaAdminClient admin = KafkaAdminClient.create(vertx, props);
    return new HealthChecks(lifecycle, cluster, admin);
  }

  public void live(RoutingContext ctx) {
    up(ctx, new JsonObject());
  }

  public void startup(RoutingContext ctx) {
    JsonObject checks = new JsonObject().put("started", lifecycle.isStarted() ? "UP" : "DOWN");
    report(ctx, lifecycle.isStarted(), checks);
  }

  public void ready(RoutingContext ctx) {
    Future<Boolean> clusterSafe = cluster.isSafe().otherwise(false);
    Future<Boolean> kafkaUp = kafka.describeCluster()
        .map(description -> !description.getNodes().isEmpty())
        .otherwise(false);
    Future.join(clusterSafe, kafkaUp).onComplete(done -> {
      JsonObject checks = new JsonObject()
          .put("serving", status(lifecycle.isServing()))
          .put("cluster", status(clusterSafe.result()))
          .put("kafka", status(kafkaUp.result()));
      report(ctx, lifecycle.isServing() && clusterSafe.result() && kafkaUp.result(), checks);
    });
  }

  public Future<Void> close() {
    return kafka.close();
  }

  private static void report(RoutingContext ctx, boolean up, JsonObject checks) {
    if (up) {
      up(ctx, checks);
    } else {
      ProblemHandler.send(ctx, HttpProblem.unavailable("Not ready: " + checks.encode())
          .with(new JsonObject().put("checks", checks)));
    }
  }

  private static void up(RoutingContext ctx, JsonObject checks) {
    ctx.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("status", "UP").put("checks", checks).encode());
  }

  private static String status(boolean up) {
    return up ? "UP" : "DOWN";
  }
}
