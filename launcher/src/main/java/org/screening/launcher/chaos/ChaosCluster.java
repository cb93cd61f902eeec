package org.screening.launcher.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.screening.broker.EmbeddedKafka;
import org.screening.gateway.auth.ApiKeyAuthentication;
import org.screening.gateway.config.ApiKeySpec;
import org.screening.gateway.config.ConfigKey;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import org.screening.launcher.demo.DemoFeed;
import org.screening.schemas.Topics;
import org.screening.workers.config.WorkerConfig;

/**
 * The processes of one scenario, each a real {@code screening} role in a JVM of its own: a
 * broker on fixed ports and a data folder (so it can come back where it was), gateway nodes
 * clustered with each other, workers in one consumer group. Each has its config file and log in
 * the run's temporary folder. Closing kills whatever still runs.
 */
final class ChaosCluster implements AutoCloseable {

  static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final Pattern BROKER_READY = Pattern.compile("^broker ready on (\\S+)");
  private static final Pattern GATEWAY_READY = Pattern.compile("^gateway node \\S+ listening on");
  private static final Pattern WORKER_READY = Pattern.compile("^worker \\S+ ready");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Where a process runs and who may call it: not settings that change behaviour. */
  private static final Set<ConfigKey<?>> PLACEMENT_GATEWAY_KEYS = Set.of(ConfigKeys.NODE_ID,
      ConfigKeys.HTTP_PORT, ConfigKeys.KAFKA_BOOTSTRAP_SERVERS, ConfigKeys.CLUSTER_PORT,
      ConfigKeys.CLUSTER_MEMBERS, ConfigKeys.AUTH_API_KEYS);
  private static final Set<String> PLACEMENT_WORKER_KEYS = Set.of(WorkerConfig.WORKER_ID,
      WorkerConfig.KAFKA_BOOTSTRAP_SERVERS,
      WorkerConfig.modelKey("medic-cls", WorkerConfig.MODEL_DIR));

  /** A gateway node and where its HTTP API listens. */
  record Gateway(ChildProcess process, URI base) {}

  private final ChaosSettings settings;
  private final Path dir;
  private final int brokerPort = EmbeddedKafka.freePort();
  private final int controllerPort = EmbeddedKafka.freePort();
  private final String apiKey = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
  private final List<ChildProcess> children = new ArrayList<>();
  private final List<ChildProcess> gateways = new ArrayList<>();
  private final List<String> clusterMembers = new ArrayList<>();
  /** What differs from the README's defaults, by role: the report says so. */
  private final Map<String, Map<String, Object>> differences = new TreeMap<>();
  private ChildProcess broker;
  /** Logs and configs stay for whoever investigates, unless the scenario passed. */
  private boolean keep = true;

  ChaosCluster(ChaosSettings settings) throws IOException {
    this.settings = settings;
    this.dir = Files.createTempDirectory("screening-chaos");
  }

  String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  String apiKey() {
    return apiKey;
  }

  ChildProcess broker() {
    return broker;
  }

  /** The gateway nodes' Hazelcast member addresses, host:port. */
  List<String> clusterMembers() {
    return List.copyOf(clusterMembers);
  }

  /** The {@code index}th gateway node started, counting from 0. */
  ChildProcess gateway(int index) {
    return gateways.get(index);
  }

  /**
   * Starts the broker process (again, after a kill: same ports, same data) and waits until it
   * serves. Short group session timeouts are allowed, so a killed worker's partitions move on in
   * seconds rather than the default 45 s.
   */
  void startBroker() throws IOException, InterruptedException {
    broker = start("broker", List.of("-Xmx512m"), List.of("broker",
        "--port", String.valueOf(brokerPort), "--controller-port", String.valueOf(controllerPort),
        "--data-dir", dir.resolve("kafka").toString(),
        "--property", "group.min.session.timeout.ms=1000",
        "--property", "num.partitions=4"));
    broker.awaitLine(BROKER_READY, START_TIMEOUT);
  }

  void createTopics(int partitions) throws InterruptedException {
    Map<String, String> large = Map.of("max.message.bytes",
        String.valueOf(EmbeddedKafka.MAX_MESSAGE_BYTES));
    try (Admin admin = admin()) {
      admin.createTopics(List.of(
          new NewTopic(Topics.FRAMES, partitions, (short) 1).configs(large),
          new NewTopic(Topics.RESULTS, partitions, (short) 1).configs(large),
          new NewTopic(Topics.FRAMES_DLQ, 1, (short) 1).configs(large))).all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot create the topics", e.getCause());
    }
  }

  /** Every setting of the run's processes that is not the default the README gives. */
  Map<String, Object> settings() {
    Map<String, Object> copy = new TreeMap<>();
    differences.forEach((role, keys) -> copy.put(role, new TreeMap<>(keys)));
    return copy;
  }

  /** The processes started so far that still run (killed ones, and restarted ones, drop out). */
  List<ChildProcess> running() {
    return children.stream().filter(ChildProcess::alive).toList();
  }

  /** The frames-topic partitions {@code worker} owns now, by its consumer-group membership. */
  Set<Integer> partitionsOf(String worker) throws InterruptedException {
    try (Admin admin = admin()) {
      ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId()))
          .all().get().get(groupId());
      return group.members().stream().filter(m -> m.clientId().equals(worker))
          .flatMap(m -> m.assignment().topicPartitions().stream())
          .filter(tp -> tp.topic().equals(Topics.FRAMES))
          .map(TopicPartition::partition).collect(Collectors.toSet());
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot describe the worker group", e.getCause());
    }
  }

  /** The workers' committed offset of each frames-topic partition (0 where none is). */
  Map<Integer, Long> committedOffsets() throws InterruptedException {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin
          .listConsumerGroupOffsets(groupId()).partitionsToOffsetAndMetadata().get();
      Map<Integer, Long> offsets = new TreeMap<>();
      committed.forEach((tp, offset) -> {
        if (tp.topic().equals(Topics.FRAMES) && offset != null) {
          offsets.put(tp.partition(), offset.offset());
        }
      });
      return offsets;
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot read the worker group's offsets", e.getCause());
    }
  }

  private static String groupId() {
    return WorkerConfig.defaults().getString(WorkerConfig.KAFKA_GROUP_ID);
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  String folder() {
    return dir.toString();
  }

  /** The scenario passed: its logs and configs need not outlive it. */
  void discardFolder() {
    keep = false;
  }

  /**
   * Starts {@code count} gateway nodes that form one Hazelcast cluster, one after the other (so
   * the first is the oldest member), each with {@code tune} applied to its config and {@code
   * properties} as system properties (Hazelcast reads its own properties from there, the log its
   * levels); the report lists the Hazelcast ones.
   */
  List<Gateway> startGateways(int count, UnaryOperator<GatewayConfig> tune,
      Map<String, String> properties) throws IOException, InterruptedException {
    List<Integer> clusterPorts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      clusterPorts.add(EmbeddedKafka.freePort());
    }
    List<String> members = clusterPorts.stream().map(p -> "127.0.0.1:" + p).toList();
    clusterMembers.addAll(members);
    List<Gateway> started = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int httpPort = EmbeddedKafka.freePort();
      GatewayConfig config = tune.apply(GatewayConfig.defaults()
          .with(ConfigKeys.NODE_ID, "gateway-" + (i + 1))
          .with(ConfigKeys.HTTP_PORT, httpPort)
          .with(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers())
          .with(ConfigKeys.CLUSTER_PORT, clusterPorts.get(i))
          .with(ConfigKeys.CLUSTER_MEMBERS, members)
          .with(ConfigKeys.AUTH_API_KEYS, List.of(
              ApiKeySpec.of("chaos", DemoFeed.TENANT, ApiKeyAuthentication.sha256(apiKey)))));
      noteDifferences(config);
      Path file = dir.resolve("gateway-" + (i + 1) + ".json");
      Files.writeString(file, config.toJson().encodePrettily());
      List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
      properties.forEach((key, value) -> {
        jvm.add("-D" + key + "=" + value);
        if (key.startsWith("hazelcast.")) {
          differ("gateway", "-D" + key, value);
        }
      });
      ChildProcess process = start("gateway-" + (i + 1), jvm,
          List.of("gateway", "--config", file.toString()));
      process.awaitLine(GATEWAY_READY, START_TIMEOUT);
      this.gateways.add(process);
      started.add(new Gateway(process, URI.create("http://127.0.0.1:" + httpPort)));
    }
    return started;
  }

  /**
   * Starts a worker serving Med-IC Cls (the scenarios ask for classification only, which keeps
   * two workers within two cores) with {@code overrides} over the chaos defaults; call {@link
   * #awaitReady} before relying on it, so several can load their models side by side.
   */
  ChildProcess startWorker(String name, Map<String, Object> overrides) throws IOException {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(WorkerConfig.WORKER_ID, name);
    config.put(WorkerConfig.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers());
    config.put(WorkerConfig.STATUS_INTERVAL_MS, 500);
    // Several workers share this host: each takes a free port for its health and metrics.
    config.put(WorkerConfig.HTTP_PORT, 0);
    config.put(WorkerConfig.modelKey("medic-cls", WorkerConfig.MODEL_DIR),
        settings.home().resolve("models/medic-cls/1").toString());
    config.put(WorkerConfig.ROUTING_SEGMENT, "");
    config.put(WorkerConfig.DECODE_THREADS, 1);
    config.put(WorkerConfig.TF_INTRA_OP_THREADS, 1);
    config.put(WorkerConfig.TF_INTER_OP_THREADS, 1);
    config.put(WorkerConfig.KAFKA_CONSUMER_PREFIX + "session.timeout.ms", 3000);
    config.put(WorkerConfig.KAFKA_CONSUMER_PREFIX + "heartbeat.interval.ms", 500);
    config.putAll(overrides);
    config.forEach((key, value) -> {
      if (!PLACEMENT_WORKER_KEYS.contains(key)) {
        differ("worker", key, value);
      }
    });
    Path file = dir.resolve(name + ".json");
    Files.writeString(file, JSON.writeValueAsString(config));
    return start(name, List.of("-Xmx1g"), List.of("worker", "--config", file.toString()));
  }

  private void differ(String role, String key, Object value) {
    differences.computeIfAbsent(role, r -> new TreeMap<>()).put(key, value);
  }

  /** Records the gateway keys {@code config} sets to other than their defaults. */
  private void noteDifferences(GatewayConfig config) {
    GatewayConfig defaults = GatewayConfig.defaults();
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      if (!PLACEMENT_GATEWAY_KEYS.contains(key)
          && !Objects.equals(config.get(key), defaults.get(key))) {
        differ("gateway", key.name(), config.get(key));
      }
    }
  }

  void awaitReady(ChildProcess worker) throws InterruptedException {
    worker.awaitLine(WORKER_READY, START_TIMEOUT);
  }

  @Override
  public void close() throws InterruptedException {
    for (ChildProcess child : children) {
      child.close();
    }
    if (keep) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp folder is harmless.
    }
  }

  private ChildProcess start(String name, List<String> jvm, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvm);
    command.addAll(List.of(
        // An out-of-memory error ends the process, so "still alive" means "never ran out".
        "-XX:+ExitOnOutOfMemoryError",
        "-Dscreening.home=" + settings.home(),
        "-jar", settings.jar().toString()));
    command.addAll(args);
    ChildProcess child = ChildProcess.start(name, command,
        Map.of("TF_CPP_MIN_LOG_LEVEL", "2"), dir.resolve(name + "-" + children.size() + ".log"));
    children.add(child);
    return child;
  }
}
