package org.screening.launcher.bench;

import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.screening.broker.EmbeddedKafka;
import org.screening.gateway.GatewayNode;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.stream.Worker;

/**
 * A worker and a single gateway node in this process, on the embedded broker, with an API key
 * for the demo tenant: the serving path as the pipeline and live benches drive it.
 */
final class InProcessStack implements AutoCloseable {

  private final Vertx vertx;
  private final Worker worker;
  private final GatewayNode gateway;
  private final String apiKey;

  private InProcessStack(Vertx vertx, Worker worker, GatewayNode gateway, String apiKey) {
    this.vertx = vertx;
    this.worker = worker;
    this.gateway = gateway;
    this.apiKey = apiKey;
  }

  /** Starts the worker with {@code config} (its broker set here), then the gateway node. */
  static InProcessStack start(EmbeddedKafka kafka, WorkerConfig config) throws Exception {
    Vertx vertx = Vertx.vertx();
    Worker worker = PipelineBench.await(Worker.start(vertx,
        config.with(WorkerConfig.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers())));
    String apiKey = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    GatewayNode gateway = PipelineBench.await(GatewayNode.start(
        PipelineBench.gatewayConfig(kafka, apiKey)));
    return new InProcessStack(vertx, worker, gateway, apiKey);
  }

  int gatewayPort() {
    return gateway.port();
  }

  String apiKey() {
    return apiKey;
  }

  @Override
  public void close() throws Exception {
    PipelineBench.await(gateway.close());
    PipelineBench.await(worker.close());
    PipelineBench.await(vertx.close());
  }
}
