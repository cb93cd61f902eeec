package org.screening.gateway.auth;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.screening.gateway.config.ApiKeySpec;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of {@code auth.apiKeysFile}, used beside those of {@code auth.apiKeys} and re-read
 * every {@code auth.apiKeysFilePollMs} while the node runs, so keys are added, rotated and
 * revoked by editing the file. A file that cannot be read or parsed changes nothing: the keys in
 * force stay, and the problem is logged (without key material) once per distinct problem.
 *
 * <p>The content is compared rather than the modification time, whose resolution on some file
 * systems would hide two writes within the same second.
 */
public final class ApiKeysFile implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiKeysFile.class);

  private final Vertx vertx;
  private final String path;
  private final List<ApiKeySpec> configured;
  private final ApiKeyAuthentication authentication;
  private Buffer applied;
  private String lastProblem;
  private long timer = -1;

  private ApiKeysFile(Vertx vertx, String path, List<ApiKeySpec> configured,
      ApiKeyAuthentication authentication) {
    this.vertx = vertx;
    this.path = path;
    this.configured = configured;
    this.authentication = authentication;
  }

  /**
   * Applies the file now and starts watching it; must be called on the context that serves
   * requests. Fails with an error naming {@code auth.apiKeysFile} if the file cannot be applied,
   * so a node never starts without the keys it was meant to have. Null when no file is set.
   */
  public static ApiKeysFile watch(Vertx vertx, GatewayConfig config,
      ApiKeyAuthentication authentication) {
    String path = config.get(ConfigKeys.AUTH_API_KEYS_FILE);
    if (path.isEmpty()) {
      return null;
    }
    ApiKeysFile file = new ApiKeysFile(vertx, path, config.get(ConfigKeys.AUTH_API_KEYS),
        authentication);
    Buffer content;
    try {
      content = vertx.fileSystem().readFileBlocking(path);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file.describe("cannot be read"), e);
    }
    String problem = file.apply(content);
    if (problem != null) {
      throw new IllegalArgumentException(file.describe(problem));
    }
    file.timer = vertx.setPeriodic(config.get(ConfigKeys.AUTH_API_KEYS_FILE_POLL_MS),
        tick -> file.poll());
    return file;
  }

  private void poll() {
    vertx.fileSystem().readFile(path)
        .onSuccess(content -> report(content.equals(applied) ? null : apply(content)))
        .onFailure(e -> report("cannot be read"));
  }

  /** Installs the file's keys beside the configured ones; the problem if it could not. */
  private String apply(Buffer content) {
    List<ApiKeySpec> keys = new ArrayList<>(configured);
    try {
      keys.addAll(ApiKeySpec.listFromJson(Json.decodeValue(content)));
      authentication.replaceKeys(keys);
    } catch (DecodeException e) {
      // The parser's message quotes the file's text, which may hold a key pasted by mistake.
      return "is not valid JSON";
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    applied = content;
    LOG.info("{} applied: {} API keys in force", describe(""), keys.size());
    return null;
  }

  private void report(String problem) {
    if (problem != null && !problem.equals(lastProblem)) {
      LOG.error("{}; the API keys in force stay as they were", describe(problem));
    }
    lastProblem = problem;
  }

  private String describe(String problem) {
    return ConfigKeys.AUTH_API_KEYS_FILE.name() + " " + path + (problem.isEmpty() ? "" : " " + problem);
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
  }
}
