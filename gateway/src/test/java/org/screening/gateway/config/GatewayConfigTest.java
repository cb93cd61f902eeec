package org.screening.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.gateway.config.ApiKeySpec.Scope;

class GatewayConfigTest {

  private static final String HASH = "a".repeat(64);

  @Test
  void everyKeysEnvironmentVariableIsItsNameInUpperSnakeCase() {
    assertEquals("SCREENING_GATEWAY_LIMITS_IN_FLIGHT_PER_FEED", ConfigKeys.LIMITS_IN_FLIGHT_PER_FEED.envName());
    assertEquals("SCREENING_GATEWAY_KAFKA_BOOTSTRAP_SERVERS", ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.envName());
    assertEquals("SCREENING_GATEWAY_HTTP_PORT", ConfigKeys.HTTP_PORT.envName());
  }

  @Test
  void theFileOverridesDefaultsAndTheEnvironmentOverridesTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gateway.json");
    Files.writeString(file, "{\"http\": {\"port\": 9000, \"host\": \"0.0.0.0\"}, \"limits.parts\": 3}");

    GatewayConfig config = GatewayConfig.load(file, Map.of("SCREENING_GATEWAY_HTTP_PORT", "9100"));

    assertEquals(9100, config.get(ConfigKeys.HTTP_PORT));
    assertEquals("0.0.0.0", config.get(ConfigKeys.HTTP_HOST));
    assertEquals(3, config.get(ConfigKeys.LIMITS_PARTS));
    assertEquals(ConfigKeys.LIMITS_PART_BYTES.defaultValue(), config.get(ConfigKeys.LIMITS_PART_BYTES));
  }

  @Test
  void listsMapsAndApiKeysHaveOneLineEnvironmentForms() {
    GatewayConfig config = GatewayConfig.defaults().mergeEnv(Map.of(
        "SCREENING_GATEWAY_CLUSTER_MEMBERS", "10.0.0.1:5701, 10.0.0.2:5701",
        "SCREENING_GATEWAY_KAFKA_PRODUCER", "linger.ms=5,compression.type=lz4",
        "SCREENING_GATEWAY_AUTH_API_KEYS",
        "scanner:lab-1:" + HASH + ":submit,viewer:lab-1:" + "B".repeat(64) + ":read"));

    assertEquals(List.of("10.0.0.1:5701", "10.0.0.2:5701"), config.get(ConfigKeys.CLUSTER_MEMBERS));
    assertEquals(Map.of("linger.ms", "5", "compression.type", "lz4"), config.get(ConfigKeys.KAFKA_PRODUCER));
    List<ApiKeySpec> keys = config.get(ConfigKeys.AUTH_API_KEYS);
    assertEquals(new ApiKeySpec("scanner", "lab-1", HASH, Set.of(Scope.SUBMIT)), keys.get(0));
    assertEquals("b".repeat(64), keys.get(1).sha256());
    assertEquals(Set.of(Scope.READ), keys.get(1).scopes());
  }

  @Test
  void aMisspeltKeyInTheFileIsRefused() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> GatewayConfig.defaults().merge(new JsonObject("{\"limits\": {\"inflightPerFeed\": 3}}")));

    assertTrue(refused.getMessage().contains("limits.inflightPerFeed"), refused.getMessage());
  }

  @Test
  void aNonPositiveLimitIsRefusedAtStart() {
    GatewayConfig config = GatewayConfig.defaults().with(ConfigKeys.LIMITS_IN_FLIGHT_PER_FEED, 0);

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, config::validated);
    assertTrue(refused.getMessage().contains("limits.inFlightPerFeed"), refused.getMessage());
  }

  @Test
  void theExampleFileHoldsEveryKeyAtItsDefaultBesideADemoKey() throws Exception {
    Path example = Path.of("gateway.example.json");
    JsonObject json = new JsonObject(Files.readString(example));
    GatewayConfig loaded = GatewayConfig.load(example, Map.of());

    for (ConfigKey<?> key : ConfigKeys.ALL) {
      if (key != ConfigKeys.AUTH_API_KEYS) {
        assertEquals(key.defaultValue(), loaded.get(key), key.name());
      }
    }
    assertEquals(GatewayConfig.defaults().toJson().fieldNames(), json.fieldNames());
    assertEquals(1, loaded.get(ConfigKeys.AUTH_API_KEYS).size());
  }

  @Test
  void printedConfigurationHidesKafkaCredentialsAndKeepsTheRest() {
    GatewayConfig config = GatewayConfig.defaults()
        .with(ConfigKeys.KAFKA_CLIENT, Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.jaas.config", "PlainLoginModule required username=\"g\" password=\"hunter2\";",
            "ssl.truststore.password", "hunter3",
            "ssl.keystore.key", "-----BEGIN PRIVATE KEY-----"))
        .with(ConfigKeys.KAFKA_PRODUCER, Map.of("sasl.client.callback.handler.secret", "hunter4"));

    String printed = config.toRedactedJson().encode();

    for (String secret : List.of("hunter2", "hunter3", "hunter4", "PRIVATE KEY")) {
      assertFalse(printed.contains(secret), printed);
    }
    assertEquals("SASL_SSL", config.toRedactedJson().getJsonObject("kafka").getJsonObject("client")
        .getString("security.protocol"));
  }

  @Test
  void aCertificateWithoutItsKeyIsRefusedNamingBothSettings(@TempDir Path dir) throws Exception {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "");
    GatewayConfig config = GatewayConfig.defaults()
        .with(ConfigKeys.HTTP_TLS_CERT_PATH, cert.toString());

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, config::validated);
    assertTrue(refused.getMessage().contains("http.tls.certPath and http.tls.keyPath"),
        refused.getMessage());
  }

  @Test
  void anUnreadableKeyFileIsRefusedNamingItsSetting(@TempDir Path dir) throws Exception {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "");
    GatewayConfig config = GatewayConfig.defaults()
        .with(ConfigKeys.HTTP_TLS_CERT_PATH, cert.toString())
        .with(ConfigKeys.HTTP_TLS_KEY_PATH, dir.resolve("missing.pem").toString());

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, config::validated);
    assertTrue(refused.getMessage().contains("http.tls.keyPath names a file that cannot be read"),
        refused.getMessage());
  }

  @Test
  void unknownJoinMethodIsRefusedNamingTheKey() {
    GatewayConfig config = GatewayConfig.defaults().with(ConfigKeys.CLUSTER_JOIN, "multicast");
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, config::validated);
    assertTrue(refused.getMessage().contains("cluster.join"), refused.getMessage());
  }

  @Test
  void kubernetesJoinNeedsNoMemberListAndReadsItsSettingsFromTheEnvironment() {
    GatewayConfig config = GatewayConfig.load(null, Map.of(
        "SCREENING_GATEWAY_CLUSTER_JOIN", "kubernetes",
        "SCREENING_GATEWAY_CLUSTER_MEMBERS", "",
        "SCREENING_GATEWAY_CLUSTER_KUBERNETES", "namespace=screening,service-name=members"));
    config.validated();
    assertEquals(Map.of("namespace", "screening", "service-name", "members"),
        config.get(ConfigKeys.CLUSTER_KUBERNETES));
  }
}
