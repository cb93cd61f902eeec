package org.screening.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.UUID;
import org.screening.gateway.cluster.GatewayCluster;
import org.screening.gateway.cluster.HazelcastSettings;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import org.screening.gateway.metrics.GatewayMetrics;

/**
 * A running gateway node: a clustered Vert.x instance (a Hazelcast member) with the gateway
 * verticle deployed.
 *
 * <pre>{@code
 * GatewayNode node = GatewayNode.start(config).await();   // or compose the Future
 * System.out.println("http://127.0.0.1:" + node.port());
 * node.close().await();
 * }</pre>
 */
public final class GatewayNode {

  private final Vertx vertx;
  private final GatewayVerticle verticle;
  private final String nodeId;

  private GatewayNode(Vertx vertx, GatewayVerticle verticle, String nodeId) {
    this.vertx = vertx;
    this.verticle = verticle;
    this.nodeId = nodeId;
  }

  /**
   * Joins the cluster and starts serving. Completes when the node accepts frames and will see
   * every result produced from then on; fails (having left the cluster) if any part cannot start.
   */
  public static Future<GatewayNode> start(GatewayConfig config) {
    try {
      config.validated();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    String configured = config.get(ConfigKeys.NODE_ID);
    String nodeId = configured.isEmpty() ? UUID.randomUUID().toString().substring(0, 8) : configured;
    HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastSettings.of(config));
    // Bound to no context: a failure is reported after the node's own Vert.x has closed, when
    // a future of one of its contexts could no longer call anyone back.
    Promise<GatewayNode> started = Promise.promise();
    Vertx.builder().withClusterManager(manager).buildClustered().onComplete(built -> {
      if (built.failed()) {
        started.fail(built.cause());
        return;
      }
      Vertx vertx = built.result();
      GatewayMetrics metrics = new GatewayMetrics(nodeId);
      metrics.clusterMembers(() -> manager.getNodes().size());
      GatewayVerticle verticle = new GatewayVerticle(
          config, new GatewayCluster(vertx, manager), nodeId, metrics);
      vertx.deployVerticle(verticle).onComplete(deployed -> {
        if (deployed.succeeded()) {
          started.complete(new GatewayNode(vertx, verticle, nodeId));
        } else {
          vertx.close().onComplete(closed -> started.fail(deployed.cause()));
        }
      });
    });
    return started.future();
  }

  /** The HTTP port the node listens on (the real one when the config asked for port 0). */
  public int port() {
    return verticle.port();
  }

  public String nodeId() {
    return nodeId;
  }

  /** Ends streams, stops the HTTP server, gives back this node's admissions, leaves the cluster. */
  public Future<Void> close() {
    return vertx.close();
  }
}
