package org.screening.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The node's meters, in a registry of its own (two nodes in one JVM must not share counts),
 * exposed in the Prometheus text format on {@code /metrics}. Names follow Prometheus
 * conventions: {@code gateway_http_requests_total}, {@code gateway_inflight_frames}, ...
 */
public final class GatewayMetrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, AtomicInteger> subscribers = new ConcurrentHashMap<>();
  private final Counter framesAccepted;
  private final Counter resultsReceived;
  private final Counter duplicatesDropped;
  private final Counter undecodableResults;

  public GatewayMetrics(String nodeId) {
    registry.config().commonTags("node", nodeId);
    // Heap in use (jvm_memory_used_bytes{area="heap"}): overload must leave it bounded.
    new JvmMemoryMetrics().bindTo(registry);
    framesAccepted = Counter.builder("gateway.frames.accepted")
        .description("Frames admitted and acknowledged by Kafka").register(registry);
    resultsReceived = Counter.builder("gateway.results.received")
        .description("Results read from the results topic").register(registry);
    duplicatesDropped = Counter.builder("gateway.results.duplicates.dropped")
        .description("Redelivered results (same result_key) dropped before delivery").register(registry);
    undecodableResults = Counter.builder("gateway.results.undecodable")
        .description("Records on the results topic that are not a readable Result").register(registry);
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  /** @param status the HTTP status, or {@code client_closed} for a request left unanswered */
  public void request(String route, String method, String status) {
    Counter.builder("gateway.http.requests")
        .description("HTTP requests by route template, method and status (or client_closed)")
        .tags("route", route, "method", method, "status", status)
        .register(registry).increment();
  }

  /** A connection closed on arrival: {@code per_address} (too many from its address). */
  public void connectionRefused(String reason) {
    Counter.builder("gateway.http.connections.refused")
        .description("Connections closed on arrival, by reason")
        .tag("reason", reason).register(registry).increment();
  }

  /** A client too slow with its request: {@code phase} is {@code header} or {@code body}. */
  public void timedOut(String phase) {
    Counter.builder("gateway.http.timeouts")
        .description("Requests cut off because their head or body did not arrive in time")
        .tag("phase", phase).register(registry).increment();
  }

  /**
   * A 429 for a request of {@code tenant}: {@code limit} is {@code tenant}, {@code feed} or
   * {@code subscriptions}. Tenants are the configured ones, so the label stays bounded.
   */
  public void rejected(String limit, String tenant) {
    Counter.builder("gateway.admission.rejected")
        .description("Requests refused with 429, by the limit they hit and the tenant")
        .tags("limit", limit, "tenant", tenant).register(registry).increment();
  }

  /** Registers the gauge of the Hazelcast cluster's members as this node sees them. */
  public void clusterMembers(Supplier<Number> count) {
    Gauge.builder("gateway.cluster.members", count)
        .description("Gateway nodes in the Hazelcast cluster, as this node sees it")
        .register(registry);
  }

  /** A result event replayed to a resuming client (after its {@code Last-Event-ID}). */
  public void replayed(String transport) {
    Counter.builder("gateway.results.replayed")
        .description("Result events replayed to resuming subscribers (also in delivered)")
        .tag("transport", transport).register(registry).increment();
  }

  public void framesAccepted(int count) {
    framesAccepted.increment(count);
  }

  /** Registers the gauge of frames this node admitted that are still in flight. */
  public void inFlightFrames(Supplier<Number> count) {
    Gauge.builder("gateway.inflight.frames", count)
        .description("Frames admitted by this node whose results have not all arrived")
        .register(registry);
  }

  /**
   * A frame stopped counting as in flight: {@code complete}, {@code dropped_stale},
   * {@code timeout} or {@code abandoned}.
   */
  public void released(String reason) {
    Counter.builder("gateway.inflight.released")
        .description("Frames that stopped counting as in flight, by reason")
        .tag("reason", reason).register(registry).increment();
  }

  public void resultReceived() {
    resultsReceived.increment();
  }

  public void duplicateDropped() {
    duplicatesDropped.increment();
  }

  public void undecodableResult() {
    undecodableResults.increment();
  }

  /** A dead letter read from the frames' dead-letter topic, by its reason. */
  public void deadLetterReceived(String reason) {
    Counter.builder("gateway.dead_letters.received")
        .description("Dead letters read; those of undecodable frames reach no subscriber")
        .tag("reason", reason).register(registry).increment();
  }

  public void delivered(String transport) {
    Counter.builder("gateway.results.delivered")
        .description("Result events written to subscribers, replays included")
        .tag("transport", transport).register(registry).increment();
  }

  /**
   * The live count of open subscriptions (streams) over {@code transport} ({@code sse} or
   * {@code websocket}): {@code gateway_subscribers}.
   */
  public AtomicInteger subscribers(String transport) {
    return subscribers.computeIfAbsent(transport, t -> registry.gauge("gateway.subscribers",
        io.micrometer.core.instrument.Tags.of("transport", t), new AtomicInteger()));
  }

  /** A subscriber was disconnected because it could not keep up. */
  public void slowSubscriberDropped(String transport) {
    Counter.builder("gateway.subscribers.dropped")
        .description("Subscribers disconnected because their connection could not keep up")
        .tag("transport", transport).register(registry).increment();
  }
}
