package org.screening.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.UUID;
import org.screening.gateway.admission.Admission;
import org.screening.gateway.admission.ClusterQuota;
import org.screening.gateway.admission.InFlightLedger;
import org.screening.gateway.auth.ApiKeyAuthentication;
import org.screening.gateway.auth.ApiKeysFile;
import org.screening.gateway.auth.ViewerSessions;
import org.screening.gateway.cluster.GatewayCluster;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import org.screening.gateway.fanout.Fanout;
import org.screening.gateway.health.HealthChecks;
import org.screening.gateway.http.ConnectionGuard;
import org.screening.gateway.health.Lifecycle;
import org.screening.gateway.ingest.FrameProducer;
import org.screening.gateway.ingest.FrameRegistry;
import org.screening.gateway.ingest.IdempotentUploads;
import org.screening.gateway.ingest.Ingest;
import org.screening.gateway.ingest.IngestLimits;
import org.screening.gateway.metrics.GatewayMetrics;

/**
 * One gateway node's work, on one event loop: the HTTP server, the results consumer and all the
 * node's own state (subscribers, replay buffers, the frames it admitted), so none of that state
 * is shared between threads. Cluster-wide state lives in Hazelcast; more throughput comes from
 * more nodes.
 */
final class GatewayVerticle extends VerticleBase {

  private final GatewayConfig config;
  private final GatewayCluster cluster;
  private final String nodeId;
  private final GatewayMetrics metrics;
  private final Lifecycle lifecycle = new Lifecycle();
  private HealthChecks health;
  private HttpServer server;
  private ClusterQuota quota;
  private InFlightLedger ledger;
  private FrameProducer producer;
  private Fanout fanout;
  private UUID memberListener;
  private ApiKeysFile keysFile;

  GatewayVerticle(GatewayConfig config, GatewayCluster cluster, String nodeId, GatewayMetrics metrics) {
    this.config = config;
    this.cluster = cluster;
    this.nodeId = nodeId;
    this.metrics = metrics;
  }

  int port() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    ViewerSessions sessions = new ViewerSessions(vertx.sharedData(),
        config.get(ConfigKeys.VIEWER_SESSION_SECONDS), config.tls());
    ApiKeyAuthentication authentication =
        new ApiKeyAuthentication(config.get(ConfigKeys.AUTH_API_KEYS), sessions);
    try {
      keysFile = ApiKeysFile.watch(vertx, config, authentication);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    health = HealthChecks.create(vertx, config, lifecycle, cluster);
    ConnectionGuard guard = new ConnectionGuard(vertx, config, metrics);
    GatewayRouter router =
        new GatewayRouter(vertx, lifecycle, health, metrics, authentication, sessions, guard);
    server = vertx.createHttpServer(serverOptions());
    return server.connectionHandler(guard.connections()).requestHandler(router.router()).listen()
        .recover(e -> Future.failedFuture(config.tls()
            ? new IllegalArgumentException("Cannot listen for HTTPS (" + ConfigKeys.HTTP_TLS_CERT_PATH
                + ", " + ConfigKeys.HTTP_TLS_KEY_PATH + "): " + e.getMessage(), e)
            : e))
        .compose(listening -> {
          quota = ClusterQuota.create(vertx, cluster.hazelcast());
          // Whoever left, its admissions must not stay counted against its tenants.
          memberListener = cluster.onMemberLeft(context, quota::reclaim);
          return FrameRegistry.create(vertx.sharedData(),
              config.get(ConfigKeys.RESULTS_FRAME_TTL_SECONDS) * 1000L);
        })
        .compose(registry -> Ingest.idempotentUploads(vertx.sharedData(), cluster.memberId(),
                cluster::isMember)
            .map(uploads -> new ClusterState(registry, uploads)))
        .compose(state -> {
          FrameRegistry registry = state.registry();
          Admission admission = new Admission(quota, config, metrics);
          ledger = new InFlightLedger(vertx, admission,
              config.get(ConfigKeys.LIMITS_IN_FLIGHT_TIMEOUT_MS), metrics);
          producer = FrameProducer.create(vertx, config, nodeId);
          return Fanout.start(vertx, config, nodeId, ledger, metrics).map(started -> {
            fanout = started;
            router.mountApi(
                Ingest.handler(IngestLimits.of(config), admission, ledger, vertx.sharedData(),
                    registry, producer, state.uploads(), metrics, nodeId),
                fanout, registry, admission);
            lifecycle.started();
            return null;
          });
        })
        // A node that cannot start must not leave its Kafka clients retrying in the background.
        .recover(e -> stop().transform(stopped -> Future.failedFuture(e)));
  }

  /** The cluster maps the API needs besides the admission counters. */
  private record ClusterState(FrameRegistry registry, IdempotentUploads uploads) {}

  private HttpServerOptions serverOptions() {
    HttpServerOptions options = ConnectionGuard.bounded(new HttpServerOptions()
        .setHost(config.get(ConfigKeys.HTTP_HOST))
        .setPort(config.get(ConfigKeys.HTTP_PORT)), config);
    if (config.tls()) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(config.get(ConfigKeys.HTTP_TLS_CERT_PATH))
          .setKeyPath(config.get(ConfigKeys.HTTP_TLS_KEY_PATH)));
    }
    return options;
  }

  @Override
  public Future<?> stop() {
    lifecycle.stopping();
    if (keysFile != null) {
      keysFile.close();
    }
    // Streams end first (their keys' subscription counts come back), then no new requests.
    Future<Void> streams = fanout == null ? Future.succeededFuture() : fanout.close();
    return streams.eventually(() -> server.close())
        .eventually(() -> producer == null ? Future.succeededFuture() : producer.close())
        .eventually(() -> {
          if (ledger != null) {
            ledger.close();
          }
          if (memberListener != null) {
            cluster.removeListener(memberListener);
          }
          return quota == null ? Future.succeededFuture() : quota.close();
        })
        .eventually(() -> health.close());
  }
}
