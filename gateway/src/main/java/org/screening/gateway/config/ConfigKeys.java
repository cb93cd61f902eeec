package org.screening.gateway.config;

import java.util.List;
import java.util.Map;

/**
 * Every key of the gateway's configuration, with defaults that run one node on a laptop next to
 * a local broker. {@link ConfigKey#envName()} gives each key's environment variable.
 */
public final class ConfigKeys {

  private static final int MIB = 1024 * 1024;

  public static final ConfigKey<String> NODE_ID = new ConfigKey<>("node.id", "",
      "Node id in logs, metrics and Kafka client ids; empty picks a random one at start",
      ValueType.STRING);

  public static final ConfigKey<String> HTTP_HOST = new ConfigKey<>("http.host", "127.0.0.1",
      "Interface the HTTP API binds to", ValueType.STRING);

  public static final ConfigKey<Integer> HTTP_PORT = new ConfigKey<>("http.port", 8080,
      "TCP port of the HTTP API; 0 picks a free one", ValueType.INT);

  /** With {@link #HTTP_TLS_KEY_PATH}: the port serves HTTPS only, health and metrics included. */
  public static final ConfigKey<String> HTTP_TLS_CERT_PATH = new ConfigKey<>("http.tls.certPath", "",
      "PEM certificate chain for HTTPS, server certificate first; empty serves plain HTTP",
      ValueType.STRING);

  public static final ConfigKey<String> HTTP_TLS_KEY_PATH = new ConfigKey<>("http.tls.keyPath", "",
      "PEM private key of http.tls.certPath (PKCS#8 or PKCS#1, unencrypted: protect the file)",
      ValueType.STRING);

  public static final ConfigKey<String> KAFKA_BOOTSTRAP_SERVERS = new ConfigKey<>(
      "kafka.bootstrapServers", "127.0.0.1:9092", "Kafka bootstrap.servers", ValueType.STRING);

  /**
   * Properties every Kafka client of the gateway gets (producer, results consumer, health-check
   * admin): where security.protocol, sasl.* and ssl.* belong, said once for all three.
   */
  public static final ConfigKey<Map<String, String>> KAFKA_CLIENT = new ConfigKey<>(
      "kafka.client", Map.of(),
      "Kafka properties for every client: producer, consumer and admin (env: k=v,k=v), e.g. "
          + "security.protocol, sasl.mechanism, sasl.jaas.config, ssl.truststore.location; "
          + "kafka.producer and kafka.consumer win",
      ValueType.STRING_MAP);

  /** Extra producer properties, applied over the gateway's own (acks=all, idempotence). */
  public static final ConfigKey<Map<String, String>> KAFKA_PRODUCER = new ConfigKey<>(
      "kafka.producer", Map.of(),
      "Extra Kafka producer properties (env: k=v,k=v), applied over the gateway's",
      ValueType.STRING_MAP);

  /** Extra consumer properties for the results consumer. */
  public static final ConfigKey<Map<String, String>> KAFKA_CONSUMER = new ConfigKey<>(
      "kafka.consumer", Map.of(),
      "Extra Kafka consumer properties for the results consumer (env: k=v,k=v)", ValueType.STRING_MAP);

  public static final ConfigKey<String> CLUSTER_NAME = new ConfigKey<>("cluster.name",
      "screening-gateway", "Hazelcast cluster name; nodes with another name never join",
      ValueType.STRING);

  public static final ConfigKey<String> CLUSTER_HOST = new ConfigKey<>("cluster.host", "127.0.0.1",
      "Interface Hazelcast binds to and announces", ValueType.STRING);

  public static final ConfigKey<Integer> CLUSTER_PORT = new ConfigKey<>("cluster.port", 5701,
      "Hazelcast member port of this node (exact, no auto-increment)", ValueType.INT);

  /** Each member as host:port; Hazelcast rejects port ranges here. */
  public static final ConfigKey<List<String>> CLUSTER_MEMBERS = new ConfigKey<>("cluster.members",
      List.of("127.0.0.1:5701"), "Every member as host:port (TCP/IP join; no ranges)",
      ValueType.STRING_LIST);

  /** {@value #JOIN_TCP_IP} or {@value #JOIN_KUBERNETES}. */
  public static final ConfigKey<String> CLUSTER_JOIN = new ConfigKey<>("cluster.join", "tcp-ip",
      "How members find each other: tcp-ip (cluster.members) or kubernetes (Hazelcast's "
          + "Kubernetes discovery, settings in cluster.kubernetes)", ValueType.STRING);

  public static final String JOIN_TCP_IP = "tcp-ip";
  public static final String JOIN_KUBERNETES = "kubernetes";

  /** Passed to Hazelcast's Kubernetes join as they are; the Helm chart sets them. */
  public static final ConfigKey<Map<String, String>> CLUSTER_KUBERNETES = new ConfigKey<>(
      "cluster.kubernetes", Map.of(),
      "Hazelcast Kubernetes discovery properties when cluster.join is kubernetes (env: k=v,k=v), "
          + "e.g. namespace, service-name, service-port",
      ValueType.STRING_MAP);

  public static final ConfigKey<List<ApiKeySpec>> AUTH_API_KEYS = new ConfigKey<>("auth.apiKeys",
      List.of(), "API keys: [{id, tenant, sha256, scopes}] (env: id:tenant:sha256[:read+submit],...)",
      ValueType.API_KEYS);

  /** Keys that change while the node runs: added, rotated or revoked without a restart. */
  public static final ConfigKey<String> AUTH_API_KEYS_FILE = new ConfigKey<>("auth.apiKeysFile", "",
      "JSON file holding an array of API keys like auth.apiKeys, used beside them and re-read "
          + "when it changes; empty for none",
      ValueType.STRING);

  public static final ConfigKey<Long> AUTH_API_KEYS_FILE_POLL_MS = new ConfigKey<>(
      "auth.apiKeysFilePollMs", 2000L, "How often auth.apiKeysFile is checked for changes",
      ValueType.LONG);

  public static final ConfigKey<Integer> LIMITS_BODY_BYTES = new ConfigKey<>("limits.bodyBytes",
      16 * MIB, "Largest request body accepted, multipart included", ValueType.INT);

  public static final ConfigKey<Integer> LIMITS_PARTS = new ConfigKey<>("limits.parts", 16,
      "Most frames (parts) in one multipart request", ValueType.INT);

  public static final ConfigKey<Integer> LIMITS_PART_BYTES = new ConfigKey<>("limits.partBytes",
      8 * MIB, "Largest single image, in bytes", ValueType.INT);

  public static final ConfigKey<Integer> LIMITS_MAX_WIDTH = new ConfigKey<>("limits.maxWidth", 8192,
      "Widest image accepted, in pixels", ValueType.INT);

  public static final ConfigKey<Integer> LIMITS_MAX_HEIGHT = new ConfigKey<>("limits.maxHeight",
      8192, "Tallest image accepted, in pixels", ValueType.INT);

  /**
   * From a connection's opening, or the end of its previous response, to a complete request
   * head: a client that sends headers slowly (or part of them, then nothing) holds a connection
   * and a file no longer than this.
   */
  public static final ConfigKey<Long> LIMITS_HEADER_TIMEOUT_MS = new ConfigKey<>(
      "limits.headerTimeoutMs", 10_000L,
      "Time a client has to send a complete request head; then the connection is closed",
      ValueType.LONG);

  /** A whole upload must arrive within this; at the default, 16 MiB needs about 280 KB/s. */
  public static final ConfigKey<Long> LIMITS_BODY_TIMEOUT_MS = new ConfigKey<>(
      "limits.bodyTimeoutMs", 60_000L,
      "Time a client has to send a request's whole body once its head arrived; then 408 and "
          + "the connection is closed",
      ValueType.LONG);

  /** Must exceed results.heartbeatSeconds, which keeps quiet streams from looking idle. */
  public static final ConfigKey<Long> LIMITS_IDLE_TIMEOUT_MS = new ConfigKey<>(
      "limits.idleTimeoutMs", 120_000L,
      "A connection on which nothing is read or written for this long is closed",
      ValueType.LONG);

  /** Behind a proxy or NAT every client shares one address: raise it there. */
  public static final ConfigKey<Integer> LIMITS_CONNECTIONS_PER_ADDRESS = new ConfigKey<>(
      "limits.connectionsPerAddress", 256,
      "Open connections one client address may hold on a node; more are closed at once",
      ValueType.INT);

  public static final ConfigKey<Integer> LIMITS_IN_FLIGHT_PER_TENANT = new ConfigKey<>(
      "limits.inFlightPerTenant", 256, "Frames a tenant may have in flight, cluster-wide",
      ValueType.INT);

  public static final ConfigKey<Integer> LIMITS_IN_FLIGHT_PER_FEED = new ConfigKey<>(
      "limits.inFlightPerFeed", 32, "Frames one feed may have in flight, cluster-wide",
      ValueType.INT);

  /** After this long without all its results, a frame stops counting as in flight. */
  public static final ConfigKey<Long> LIMITS_IN_FLIGHT_TIMEOUT_MS = new ConfigKey<>(
      "limits.inFlightTimeoutMs", 60_000L,
      "A frame whose results have not all arrived after this long stops counting as in flight",
      ValueType.LONG);

  public static final ConfigKey<Integer> LIMITS_SUBSCRIPTIONS_PER_KEY = new ConfigKey<>(
      "limits.subscriptionsPerKey", 32, "Open SSE/WebSocket streams per API key, cluster-wide",
      ValueType.INT);

  public static final ConfigKey<Integer> LIMITS_RETRY_AFTER_SECONDS = new ConfigKey<>(
      "limits.retryAfterSeconds", 1, "Retry-After sent with 429 answers", ValueType.INT);

  /** Also the backlog a slow subscriber may build: beyond it, it could not resume without a gap. */
  public static final ConfigKey<Integer> RESULTS_RECENT_PER_FEED = new ConfigKey<>(
      "results.recentPerFeed", 256,
      "Results kept per feed on each node for Last-Event-ID replay; also how far a subscriber "
          + "may fall behind",
      ValueType.INT);

  public static final ConfigKey<Integer> RESULTS_BUFFERED_FEEDS = new ConfigKey<>(
      "results.bufferedFeeds", 1024, "Feeds with a replay buffer on each node (least recent dropped)",
      ValueType.INT);

  public static final ConfigKey<Integer> RESULTS_FRAME_CACHE_SIZE = new ConfigKey<>(
      "results.frameCacheSize", 4096,
      "Frames whose results each node keeps for GET /v1/frames/{id}/results",
      ValueType.INT);

  /**
   * Every node rebuilds this from the summaries topic at start, keeping the feeds summarised most
   * recently (not those asked for most often), so every node answers alike.
   */
  public static final ConfigKey<Integer> RESULTS_SUMMARY_FEEDS = new ConfigKey<>(
      "results.summaryFeeds", 1024,
      "Feeds whose newest summary each node keeps for GET /v1/feeds/{feed}/summary (the feed "
          + "summarised least recently is forgotten first)",
      ValueType.INT);

  public static final ConfigKey<Integer> RESULTS_IMAGE_CACHE_BYTES = new ConfigKey<>(
      "results.imageCacheBytes", 64 * 1024 * 1024,
      "Bytes of frame images each node keeps for GET /v1/frames/{id}/image after reading them "
          + "back from the frames topic (least recently served dropped first)",
      ValueType.INT);

  public static final ConfigKey<Integer> VIEWER_SESSION_SECONDS = new ConfigKey<>(
      "viewer.sessionSeconds", 900,
      "Lifetime of a viewer sign-in: the session cookie POST /v1/session sets lasts this long",
      ValueType.INT);

  public static final ConfigKey<Integer> RESULTS_DEDUP_CACHE_SIZE = new ConfigKey<>(
      "results.dedupCacheSize", 65_536, "Result keys remembered per node to drop redelivered duplicates",
      ValueType.INT);

  public static final ConfigKey<Integer> RESULTS_FRAME_TTL_SECONDS = new ConfigKey<>(
      "results.frameTtlSeconds", 3600, "How long the cluster remembers an accepted frame's owner",
      ValueType.INT);

  public static final ConfigKey<Integer> RESULTS_HEARTBEAT_SECONDS = new ConfigKey<>(
      "results.heartbeatSeconds", 15, "Idle streams get a keep-alive this often", ValueType.INT);

  /** Long enough for a client to retry an upload whose answer it lost; entries are small. */
  public static final ConfigKey<Integer> INGEST_IDEMPOTENCY_KEY_TTL_SECONDS = new ConfigKey<>(
      "ingest.idempotencyKeyTtlSeconds", 3600,
      "How long the cluster remembers an upload's Idempotency-Key and its answer", ValueType.INT);

  /**
   * The uploads map otherwise holds every upload of the last {@link
   * #INGEST_IDEMPOTENCY_KEY_TTL_SECONDS}: about 0.6 KB each, so rate times time to live grows
   * without any other bound (the 15-minute chaos soak saw 3.4 MB a minute at 51 uploads/s).
   */
  public static final ConfigKey<Integer> INGEST_IDEMPOTENCY_KEYS_PER_NODE = new ConfigKey<>(
      "ingest.idempotencyKeysPerNode", 100_000,
      "Most Idempotency-Keys each node remembers; past it the least recently used are "
          + "forgotten before their time to live", ValueType.INT);

  /** Every key, in the order the configuration reference lists them. */
  public static final List<ConfigKey<?>> ALL = List.of(
      NODE_ID, HTTP_HOST, HTTP_PORT, HTTP_TLS_CERT_PATH, HTTP_TLS_KEY_PATH,
      KAFKA_BOOTSTRAP_SERVERS, KAFKA_CLIENT, KAFKA_PRODUCER, KAFKA_CONSUMER,
      CLUSTER_NAME, CLUSTER_HOST, CLUSTER_PORT, CLUSTER_MEMBERS, CLUSTER_JOIN, CLUSTER_KUBERNETES,
      AUTH_API_KEYS, AUTH_API_KEYS_FILE, AUTH_API_KEYS_FILE_POLL_MS,
      LIMITS_BODY_BYTES, LIMITS_PARTS, LIMITS_PART_BYTES, LIMITS_MAX_WIDTH, LIMITS_MAX_HEIGHT,
      LIMITS_HEADER_TIMEOUT_MS, LIMITS_BODY_TIMEOUT_MS, LIMITS_IDLE_TIMEOUT_MS,
      LIMITS_CONNECTIONS_PER_ADDRESS,
      LIMITS_IN_FLIGHT_PER_TENANT, LIMITS_IN_FLIGHT_PER_FEED, LIMITS_IN_FLIGHT_TIMEOUT_MS,
      LIMITS_SUBSCRIPTIONS_PER_KEY, LIMITS_RETRY_AFTER_SECONDS,
      RESULTS_RECENT_PER_FEED, RESULTS_BUFFERED_FEEDS, RESULTS_FRAME_CACHE_SIZE,
      RESULTS_SUMMARY_FEEDS, RESULTS_IMAGE_CACHE_BYTES, RESULTS_DEDUP_CACHE_SIZE,
      RESULTS_FRAME_TTL_SECONDS, RESULTS_HEARTBEAT_SECONDS, VIEWER_SESSION_SECONDS,
      INGEST_IDEMPOTENCY_KEY_TTL_SECONDS, INGEST_IDEMPOTENCY_KEYS_PER_NODE);

  private ConfigKeys() {}
}
