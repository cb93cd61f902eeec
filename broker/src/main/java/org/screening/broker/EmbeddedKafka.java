package org.screening.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) running inside this JVM:
 * what {@code screening demo} and the tests talk to. It can be stopped and restarted on the same
 * ports and log directory, so tests can take the broker away under load.
 */
public final class EmbeddedKafka implements AutoCloseable {

  /** The ports {@link #freePort()} picks from: under the kernel's ephemeral range. */
  private static final int FIRST_PICKED_PORT = 20_000;
  private static final int LAST_PICKED_PORT = 32_000;

  /** Largest message the broker accepts: frames travel inline up to this size. */
  public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private final Path dataDir;
  private final boolean ownsDataDir;
  private final int port;
  private final int controllerPort;
  private final Map<String, String> overrides;
  private SaslSslListener saslSsl;
  private int saslSslPort;
  private KafkaRaftServer server;

  private EmbeddedKafka(Path dataDir, boolean ownsDataDir, int port, int controllerPort,
      Map<String, String> overrides) {
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.overrides = Map.copyOf(overrides);
  }

  /** Starts a broker on free loopback ports with a temporary log directory. */
  public static EmbeddedKafka start() {
    return start(Map.of());
  }

  /** As {@link #start()}, with broker properties overridden (e.g. {@code num.partitions}). */
  public static EmbeddedKafka start(Map<String, String> overrides) {
    return start(overrides, null);
  }

  /**
   * As {@link #start()}, with a second, SASL_SSL listener at {@link #saslSslBootstrapServers()}
   * for clients that test their security settings.
   */
  public static EmbeddedKafka startWithSaslSsl(SaslSslListener listener) {
    return start(Map.of(), listener);
  }

  private static EmbeddedKafka start(Map<String, String> overrides, SaslSslListener saslSsl) {
    try {
      EmbeddedKafka kafka = new EmbeddedKafka(Files.createTempDirectory("screening-kafka"), true,
          freePort(), freePort(), overrides);
      if (saslSsl != null) {
        kafka.saslSsl = saslSsl;
        kafka.saslSslPort = freePort();
      }
      kafka.format();
      kafka.startServer();
      return kafka;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the broker's log directory", e);
    }
  }

  /**
   * Starts a broker on the given ports whose data lives in {@code dataDir} and outlives it: a
   * broker process killed and started again on the same directory comes back with its topics,
   * offsets and committed groups (what {@code screening broker} does).
   */
  public static EmbeddedKafka startAt(Path dataDir, int port, int controllerPort,
      Map<String, String> overrides) {
    try {
      Files.createDirectories(dataDir);
      EmbeddedKafka kafka = new EmbeddedKafka(dataDir, false, port, controllerPort, overrides);
      // Formatting again, even with --ignore-formatted, picks a new cluster id that the
      // existing metadata log then refuses.
      if (!Files.exists(dataDir.resolve("logs/meta.properties"))) {
        kafka.format();
      }
      kafka.startServer();
      return kafka;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot use the broker's data directory " + dataDir, e);
    }
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** {@code host:port} of the SASL_SSL listener; only for a broker started with one. */
  public String saslSslBootstrapServers() {
    if (saslSsl == null) {
      throw new IllegalStateException("This broker was started without a SASL_SSL listener");
    }
    return "127.0.0.1:" + saslSslPort;
  }

  /** Creates topics that do not exist yet; existing ones are left as they are. */
  public void createTopics(List<NewTopic> topics) {
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      for (var entry : admin.createTopics(topics).values().entrySet()) {
        try {
          entry.getValue().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("Cannot create topic " + entry.getKey(), e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    }
  }

  /** Stops the broker, keeping its data; {@link #restart()} brings it back on the same port. */
  public synchronized void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  public synchronized void restart() {
    if (server == null) {
      startServer();
    }
  }

  @Override
  public void close() {
    stop();
    if (ownsDataDir) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // A leftover temp directory is harmless; the broker itself is already down.
      }
    }
  }

  private Properties properties() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dataDir.resolve("logs").toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
    p.put("replica.fetch.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
    if (saslSsl != null) {
      saslSsl.addTo(p, saslSslPort);
    }
    p.putAll(overrides);
    return p;
  }

  private void format() throws IOException {
    Path config = dataDir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(config)) {
      properties().store(out, "embedded screening broker");
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int exit = StorageTool.execute(new String[] {
        "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted"},
        new PrintStream(log, true));
    if (exit != 0) {
      throw new IllegalStateException("Formatting the broker's storage failed: " + log);
    }
  }

  private void startServer() {
    server = new KafkaRaftServer(new KafkaConfig(properties(), false), Time.SYSTEM);
    server.startup();
  }

  /**
   * A port free now, for a broker, a gateway or a cluster member to bind soon after. Taken below
   * Linux's ephemeral range (32768-60999 by default), from which the kernel hands every outgoing
   * connection its local port: a port picked there and released could go to any client's
   * connect before its component binds it, and busy test runs failed with "address already in
   * use". Picked at random so that processes choosing at the same time rarely meet.
   */
  public static int freePort() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(FIRST_PICKED_PORT, LAST_PICKED_PORT + 1);
      try (ServerSocket socket = new ServerSocket(port)) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // Someone listens there: pick another.
      }
    }
    throw new IllegalStateException("No free port between " + FIRST_PICKED_PORT + " and "
        + LAST_PICKED_PORT + " after 200 picks");
  }
}
