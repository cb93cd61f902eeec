package org.screening.gateway.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's Firefox ESR, headless, and one WebDriver BiDi session with it: the W3C protocol
 * Firefox serves itself on a WebSocket, so no geckodriver (which Debian does not package) is
 * needed. One process serves many {@link FirefoxBrowser}s, each in its own user context (its
 * own cookies and storage), so a test class starts Firefox once.
 */
public final class Firefox implements AutoCloseable {

  private static final Path EXECUTABLE = Path.of("/usr/bin/firefox-esr");
  private static final Pattern LISTENING = Pattern.compile("WebDriver BiDi listening on (ws://\\S+)");

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final Map<Long, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final ScheduledExecutorService delayer = Executors.newSingleThreadScheduledExecutor();
  private volatile Duration latency;
  private String intercept;

  private Firefox(Process process, Path profile, URI endpoint) {
    this.process = process;
    this.profile = profile;
    this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(endpoint.resolve("/session"), new Messages()).join();
  }

  /** Why Firefox cannot run here, or null when it can. */
  public static String missing() {
    return Files.isExecutable(EXECUTABLE) ? null
        : "Firefox is not installed (apt-get install firefox-esr)";
  }

  public static Firefox start() throws IOException {
    Path profile = Files.createTempDirectory("viewer-firefox");
    Process process = new ProcessBuilder(EXECUTABLE.toString(), "--headless", "--no-remote",
        "--profile", profile.toString(), "--window-size=1280,1024",
        // Port 0: Firefox picks a free one and says which.
        "--remote-debugging-port=0", "about:blank")
        .redirectErrorStream(true).start();
    Firefox firefox = new Firefox(process, profile, endpoint(process));
    firefox.command("session.new", new JsonObject().put("capabilities", new JsonObject()));
    firefox.command("script.addPreloadScript",
        new JsonObject().put("functionDeclaration", Browser.RECORD_POLICY_VIOLATIONS));
    return firefox;
  }

  /** A new tab in a new user context: no cookies or storage from any tab before it. */
  public FirefoxBrowser openTab() {
    String userContext = command("browser.createUserContext", new JsonObject())
        .getString("userContext");
    String context = command("browsingContext.create", new JsonObject().put("type", "tab")
        .put("userContext", userContext)).getString("context");
    return new FirefoxBrowser(this, userContext, context);
  }

  /** Reads Firefox's output until it names its BiDi endpoint, then drains it on a thread. */
  private static URI endpoint(Process process) throws IOException {
    BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      Matcher listening = LISTENING.matcher(line);
      if (listening.find()) {
        Thread drain = new Thread(() -> {
          try {
            out.transferTo(Writer.nullWriter());
          } catch (IOException closedWithTheProcess) {
            // Nothing more to read.
          }
        }, "firefox-output");
        drain.setDaemon(true);
        drain.start();
        return URI.create(listening.group(1));
      }
    }
    throw new IOException("Firefox exited before it served WebDriver BiDi (status "
        + process.exitValue() + ")");
  }

  /**
   * BiDi has no latency setting: each request is intercepted before it is sent and let go
   * {@code latency} later ({@code null}: no more), which is what a slow network looks like.
   */
  void delayRequests(Duration latency) {
    this.latency = latency;
    if (latency != null && intercept == null) {
      command("session.subscribe", new JsonObject()
          .put("events", new JsonArray().add("network.beforeRequestSent")));
      intercept = command("network.addIntercept", new JsonObject()
          .put("phases", new JsonArray().add("beforeRequestSent"))).getString("intercept");
    } else if (latency == null && intercept != null) {
      command("network.removeIntercept", new JsonObject().put("intercept", intercept));
      intercept = null;
    }
  }

  /** Sends a command and waits for its result; a BiDi error is an exception naming it. */
  JsonObject command(String method, JsonObject params) {
    long id = ids.incrementAndGet();
    CompletableFuture<JsonObject> answer = new CompletableFuture<>();
    pending.put(id, answer);
    JsonObject message;
    try {
      send(id, method, params);
      message = answer.get(Browser.WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Firefox did not answer " + method, e);
    } finally {
      pending.remove(id);
    }
    if ("error".equals(message.getString("type"))) {
      throw new IllegalStateException(method + ": " + message.getString("error") + ": "
          + message.getString("message"));
    }
    return message.getJsonObject("result");
  }

  private void send(long id, String method, JsonObject params) {
    // The JDK's WebSocket takes one message at a time.
    synchronized (socket) {
      socket.sendText(new JsonObject().put("id", id).put("method", method).put("params", params)
          .encode(), true).join();
    }
  }

  private void onEvent(JsonObject event) {
    JsonObject params = event.getJsonObject("params");
    if ("network.beforeRequestSent".equals(event.getString("method"))
        && params.getBoolean("isBlocked", false)) {
      String request = params.getJsonObject("request").getString("request");
      Duration delay = latency;
      // Nobody waits for the answer: a request the page dropped meanwhile is no failure.
      delayer.schedule(() -> send(ids.incrementAndGet(), "network.continueRequest",
          new JsonObject().put("request", request)),
          delay == null ? 0 : delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    try {
      command("session.end", new JsonObject());
    } finally {
      delayer.shutdownNow();
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(profile)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Joins a message's fragments, then hands it to its waiting command or to {@link #onEvent}. */
  private final class Messages implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        JsonObject message = new JsonObject(text.toString());
        text.setLength(0);
        if (message.getValue("id") != null) {
          CompletableFuture<JsonObject> answer = pending.get(message.getLong("id"));
          if (answer != null) {
            answer.complete(message);
          }
        } else if ("event".equals(message.getString("type"))) {
          onEvent(message);
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
