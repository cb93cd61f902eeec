package org.screening.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;

/** What a node does with a keys file it cannot use at start: it refuses to start. */
class ApiKeysFileTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  void aKeysFileThatIsNotJsonIsRefusedNamingTheSettingButNotTheText(@TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("keys.json"), "[{\"pasted-key\": ");

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> watch(file));
    assertTrue(refused.getMessage().startsWith("auth.apiKeysFile " + file + " is not valid JSON"),
        refused.getMessage());
    assertFalse(refused.getMessage().contains("pasted-key"), refused.getMessage());
  }

  @Test
  void aKeyEntryWithoutItsHashIsRefusedNamingItsIndex(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("keys.json"),
        "[{\"id\": \"k\", \"tenant\": \"t\", \"sha256\": \"" + "a".repeat(64) + "\"},"
            + " {\"id\": \"k2\", \"tenant\": \"t\"}]");

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> watch(file));
    assertTrue(refused.getMessage().contains("API key at index 1 has no string 'sha256'"),
        refused.getMessage());
  }

  @Test
  void aMissingKeysFileIsRefusedNamingTheSetting(@TempDir Path dir) {
    Path file = dir.resolve("absent.json");

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> watch(file));
    assertTrue(refused.getMessage().equals("auth.apiKeysFile " + file + " cannot be read"),
        refused.getMessage());
  }

  private void watch(Path file) {
    ApiKeysFile.watch(vertx, GatewayConfig.defaults()
        .with(ConfigKeys.AUTH_API_KEYS_FILE, file.toString()), new ApiKeyAuthentication(List.of()));
  }
}
