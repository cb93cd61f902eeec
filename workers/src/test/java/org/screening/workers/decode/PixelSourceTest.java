package org.screening.workers.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.broker.SelfSignedCertificate;
import org.screening.schemas.DeadLetterReason;

/** pixels_ref against real files and a real local HTTPS server with a self-signed certificate. */
class PixelSourceTest {

  private static final byte[] IMAGE = TestPictures.encode(TestPictures.gradient(32, 24), "png");
  private static final int MAX_BYTES = 64 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private static SelfSignedCertificate certificate;
  private static HttpsServer server;
  private static ExecutorService handlers;
  private static final AtomicInteger REQUESTS = new AtomicInteger();
  private static final CountDownLatch RELEASE_SILENT = new CountDownLatch(1);

  @TempDir
  Path dir;

  @BeforeAll
  static void startServer(@TempDir Path certDir) throws Exception {
    certificate = SelfSignedCertificate.create(certDir);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(certificate.keystore())) {
      keys.load(in, certificate.password().toCharArray());
    }
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keys, certificate.password().toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(factory.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/", exchange -> {
      REQUESTS.incrementAndGet();
      switch (exchange.getRequestURI().getPath()) {
        case "/tile.png" -> send(exchange, 200, IMAGE, IMAGE.length);
        case "/huge.png" -> send(exchange, 200, new byte[MAX_BYTES + 1], MAX_BYTES + 1);
        // Chunked, so no length warns the reader: only counting the body can stop it.
        case "/endless.png" -> send(exchange, 200, new byte[MAX_BYTES * 4], 0);
        case "/moved.png" -> {
          exchange.getResponseHeaders().add("Location", "https://example.org/tile.png");
          send(exchange, 302, new byte[0], -1);
        }
        case "/silent.png" -> {
          try {
            RELEASE_SILENT.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          send(exchange, 200, IMAGE, IMAGE.length);
        }
        default -> send(exchange, 404, new byte[0], -1);
      }
    });
    handlers = Executors.newCachedThreadPool();
    server.setExecutor(handlers);
    server.start();
  }

  @AfterAll
  static void stopServer() {
    RELEASE_SILENT.countDown();
    server.stop(0);
    handlers.shutdownNow();
  }

  @Test
  void fileUnderAnAllowedRootIsRead() throws Exception {
    Path file = Files.write(dir.resolve("tile.png"), IMAGE);
    assertArrayEquals(IMAGE, source(TIMEOUT).fetch(file.toUri().toString()));
  }

  @Test
  void fileReferenceClimbingOutWithDotDotIsNotAllowed() throws Exception {
    Path root = Files.createDirectory(dir.resolve("root"));
    Files.write(dir.resolve("secret.png"), IMAGE);
    assertRefused(DeadLetterReason.REF_NOT_ALLOWED,
        policy(root, TIMEOUT), "file://" + root + "/../secret.png");
  }

  @Test
  void symlinkLeadingOutOfTheRootIsNotAllowed() throws Exception {
    Path root = Files.createDirectory(dir.resolve("root"));
    Path secret = Files.write(dir.resolve("secret.png"), IMAGE);
    Path link = Files.createSymbolicLink(root.resolve("link.png"), secret);
    assertRefused(DeadLetterReason.REF_NOT_ALLOWED, policy(root, TIMEOUT),
        link.toUri().toString());
  }

  @Test
  void fileOutsideEveryRootIsNotAllowed() throws Exception {
    Path root = Files.createDirectory(dir.resolve("root"));
    Path outside = Files.write(dir.resolve("outside.png"), IMAGE);
    assertRefused(DeadLetterReason.REF_NOT_ALLOWED, policy(root, TIMEOUT),
        outside.toUri().toString());
  }

  @Test
  void missingFileIsUnreachable() {
    assertRefused(DeadLetterReason.REF_UNREACHABLE, policy(dir, TIMEOUT),
        dir.resolve("absent.png").toUri().toString());
  }

  @Test
  void fileOverTheSizeLimitIsTooLarge() throws Exception {
    Path file = Files.write(dir.resolve("big.png"), new byte[MAX_BYTES + 1]);
    assertRefused(DeadLetterReason.REF_TOO_LARGE, policy(dir, TIMEOUT), file.toUri().toString());
  }

  @Test
  void httpsFromAnAllowedHostIsRead() throws Exception {
    assertArrayEquals(IMAGE, source(TIMEOUT).fetch(url("/tile.png")));
  }

  @Test
  void httpsToAHostNotListedIsNotAllowedAndNeverAsked() {
    int before = REQUESTS.get();
    String otherPort = "https://127.0.0.1:" + (server.getAddress().getPort() + 1) + "/tile.png";
    assertRefused(DeadLetterReason.REF_NOT_ALLOWED, policy(dir, TIMEOUT), otherPort);
    assertRefused(DeadLetterReason.REF_NOT_ALLOWED, policy(dir, TIMEOUT),
        url("/tile.png").replace("127.0.0.1", "localhost"));
    assertEquals(before, REQUESTS.get());
  }

  @Test
  void plainHttpAndOtherSchemesAreNotAllowed() {
    assertRefused(DeadLetterReason.REF_NOT_ALLOWED, policy(dir, TIMEOUT),
        url("/tile.png").replace("https:", "http:"));
    assertRefused(DeadLetterReason.REF_NOT_ALLOWED, policy(dir, TIMEOUT), "ftp://x/tile.png");
    assertRefused(DeadLetterReason.REF_NOT_ALLOWED, policy(dir, TIMEOUT), "tile.png");
  }

  @Test
  void httpsAnswerOtherThanOkIsUnreachable() {
    assertRefused(DeadLetterReason.REF_UNREACHABLE, policy(dir, TIMEOUT), url("/absent.png"));
  }

  @Test
  void redirectIsNotFollowed() {
    assertRefused(DeadLetterReason.REF_UNREACHABLE, policy(dir, TIMEOUT), url("/moved.png"));
  }

  @Test
  void httpsBodyDeclaredOverTheLimitIsTooLarge() {
    assertRefused(DeadLetterReason.REF_TOO_LARGE, policy(dir, TIMEOUT), url("/huge.png"));
  }

  @Test
  void httpsBodyStreamingPastTheLimitIsTooLarge() {
    assertRefused(DeadLetterReason.REF_TOO_LARGE, policy(dir, TIMEOUT), url("/endless.png"));
  }

  @Test
  void httpsServerThatDoesNotAnswerWithinTheTimeLimitIsUnreachable() {
    assertRefused(DeadLetterReason.REF_UNREACHABLE, policy(dir, Duration.ofMillis(300)),
        url("/silent.png"));
  }

  @Test
  void httpsServerWhoseCertificateIsNotTrustedIsUnreachable() {
    PixelRefPolicy untrusting = new PixelRefPolicy(List.of(dir), List.of(allowedHost()),
        MAX_BYTES, TIMEOUT, null);
    assertRefused(DeadLetterReason.REF_UNREACHABLE, untrusting, url("/tile.png"));
  }

  private PixelSource source(Duration timeout) {
    return new PixelSource(policy(dir, timeout));
  }

  private static PixelRefPolicy policy(Path root, Duration timeout) {
    return new PixelRefPolicy(List.of(root), List.of(allowedHost()), MAX_BYTES, timeout,
        certificate.certificatePem());
  }

  private static String allowedHost() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private static String url(String path) {
    return "https://" + allowedHost() + path;
  }

  private static void assertRefused(DeadLetterReason reason, PixelRefPolicy policy, String ref) {
    RejectedFrameException e = assertThrows(RejectedFrameException.class,
        () -> new PixelSource(policy).fetch(ref));
    assertEquals(reason, e.reason(), e.getMessage());
  }

  private static void send(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body,
      long length) throws IOException {
    exchange.sendResponseHeaders(status, length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    } catch (IOException e) {
      // The reader hung up once it had enough: what a bounded reader should do.
    }
    exchange.close();
  }
}
