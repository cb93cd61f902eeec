package org.screening.workers.decode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.screening.schemas.DeadLetterReason;
import org.screening.schemas.v1.Frame;

/**
 * A frame's pixel bytes: inline, or read from its {@code pixels_ref} within a {@link
 * PixelRefPolicy}. A reference names a file or an HTTPS server chosen by whoever produced the
 * frame, so it is a door into the worker's file system and network: only {@code file://} under
 * the configured roots (checked on the path as written, then again on the real path, so neither
 * {@code ..} nor a symbolic link leads out) and {@code https://} to the configured hosts, no
 * redirects, at most {@code maxBytes}, and for HTTPS at most {@code timeout} in all. Blocking:
 * call it off the event loop (the decode pool does). Thread-safe.
 */
public final class PixelSource {

  private final PixelRefPolicy policy;
  private final List<Root> roots = new ArrayList<>();
  private final List<URI> hosts = new ArrayList<>();
  /** Null when no host is allowed. */
  private final HttpClient https;

  /** A root as configured and as it really is, symbolic links resolved. */
  private record Root(Path configured, Path real) {}

  /**
   * @throws IllegalArgumentException when a root does not exist, a host is malformed or the
   *     trusted certificates cannot be read
   */
  public PixelSource(PixelRefPolicy policy) {
    this.policy = policy;
    for (Path root : policy.fileRoots()) {
      try {
        Path absolute = root.toAbsolutePath().normalize();
        roots.add(new Root(absolute, absolute.toRealPath()));
      } catch (IOException e) {
        throw new IllegalArgumentException("pixels_ref root " + root + " cannot be used: " + e, e);
      }
    }
    for (String host : policy.httpsHosts()) {
      URI parsed = URI.create("https://" + host);
      if (parsed.getHost() == null || parsed.getRawPath() == null
          || !parsed.getRawPath().isEmpty()) {
        throw new IllegalArgumentException("pixels_ref host '" + host + "' is not host[:port]");
      }
      hosts.add(parsed);
    }
    https = hosts.isEmpty() ? null : HttpClient.newBuilder()
        .sslContext(tls())
        .connectTimeout(policy.timeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * @throws RejectedFrameException REF_NOT_ALLOWED, REF_UNREACHABLE or REF_TOO_LARGE for a
   *     reference; frames have exactly one of pixels and pixels_ref ({@link FrameChecks})
   */
  public ByteBuffer pixels(Frame frame) throws RejectedFrameException {
    if (frame.getPixels() != null) {
      return frame.getPixels();
    }
    return ByteBuffer.wrap(fetch(frame.getPixelsRef()));
  }

  byte[] fetch(String ref) throws RejectedFrameException {
    URI uri;
    try {
      uri = new URI(ref);
    } catch (URISyntaxException e) {
      throw notAllowed("pixels_ref is not a URI");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "file" -> file(uri);
      case "https" -> https(uri);
      default -> throw notAllowed("pixels_ref scheme '" + scheme + "' is not file or https");
    };
  }

  private byte[] file(URI uri) throws RejectedFrameException {
    if (uri.getRawAuthority() != null || uri.getPath() == null || uri.getQuery() != null) {
      throw notAllowed("file pixels_ref must be file:///absolute/path");
    }
    Path written = Path.of(uri.getPath());
    for (Path name : written) {
      if (name.toString().equals("..")) {
        throw notAllowed("file pixels_ref climbs with '..'");
      }
    }
    Root root = roots.stream().filter(r -> written.normalize().startsWith(r.configured()))
        .findFirst().orElseThrow(() -> notAllowed("file pixels_ref is outside "
            + "pixelsRef.fileRoots"));
    Path real;
    try {
      real = written.toRealPath();
    } catch (NoSuchFileException e) {
      throw unreachable("file pixels_ref does not exist");
    } catch (IOException e) {
      throw unreachable("file pixels_ref cannot be resolved: " + e.getClass().getSimpleName());
    }
    if (!real.startsWith(root.real())) {
      throw notAllowed("file pixels_ref leads out of its root through a symbolic link");
    }
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      // A FIFO would block the reader, a device never end.
      throw notAllowed("file pixels_ref is not a regular file");
    }
    try (SeekableByteChannel channel = Files.newByteChannel(real, LinkOption.NOFOLLOW_LINKS)) {
      if (channel.size() > policy.maxBytes()) {
        throw tooLarge("file pixels_ref is " + channel.size() + " bytes");
      }
      return bounded(Channels.newInputStream(channel));
    } catch (IOException e) {
      throw unreachable("file pixels_ref cannot be read: " + e.getClass().getSimpleName());
    }
  }

  private byte[] https(URI uri) throws RejectedFrameException {
    if (uri.getRawUserInfo() != null) {
      throw notAllowed("https pixels_ref carries user information");
    }
    int port = portOf(uri);
    boolean listed = uri.getHost() != null && hosts.stream().anyMatch(h ->
        h.getHost().equalsIgnoreCase(uri.getHost()) && portOf(h) == port);
    if (!listed) {
      throw notAllowed("https pixels_ref host is not in pixelsRef.httpsHosts");
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(policy.timeout()).GET().build();
    CompletableFuture<HttpResponse<byte[]>> response = https.sendAsync(request,
        info -> info.statusCode() == 200
            ? new BoundedBody(policy.maxBytes(), info.headers().firstValueAsLong("content-length"))
            : HttpResponse.BodySubscribers.replacing(null));
    HttpResponse<byte[]> answer;
    try {
      answer = response.get(policy.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      response.cancel(true);
      throw unreachable("https pixels_ref did not answer within " + policy.timeout().toMillis()
          + " ms");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof BoundedBody.TooLarge tooLarge) {
        throw tooLarge(tooLarge.getMessage());
      }
      throw unreachable("https pixels_ref failed: " + e.getCause().getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      response.cancel(true);
      throw unreachable("interrupted while reading https pixels_ref");
    }
    if (answer.statusCode() != 200) {
      throw unreachable("https pixels_ref answered " + answer.statusCode()
          + " (redirects are not followed)");
    }
    return answer.body();
  }

  private static int portOf(URI https) {
    return https.getPort() < 0 ? 443 : https.getPort();
  }

  private SSLContext tls() {
    try {
      if (policy.trustedCertificates() == null) {
        return SSLContext.getDefault();
      }
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int n = 0;
      try (InputStream in = Files.newInputStream(policy.trustedCertificates())) {
        for (Certificate certificate :
            CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          trusted.setCertificateEntry("trusted-" + n++, certificate);
        }
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("Cannot trust the certificates in "
          + policy.trustedCertificates() + ": " + e.getMessage(), e);
    }
  }

  private byte[] bounded(InputStream in) throws IOException, RejectedFrameException {
    byte[] bytes = in.readNBytes(policy.maxBytes() + 1);
    if (bytes.length > policy.maxBytes()) {
      throw tooLarge("pixels_ref grew past the limit while read");
    }
    return bytes;
  }

  private RejectedFrameException tooLarge(String what) {
    return new RejectedFrameException(DeadLetterReason.REF_TOO_LARGE,
        what + ", over pixelsRef.maxBytes of " + policy.maxBytes());
  }

  private static RejectedFrameException notAllowed(String message) {
    return new RejectedFrameException(DeadLetterReason.REF_NOT_ALLOWED, message);
  }

  private static RejectedFrameException unreachable(String message) {
    return new RejectedFrameException(DeadLetterReason.REF_UNREACHABLE, message);
  }
}
