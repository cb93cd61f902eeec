package org.screening.launcher.send;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.screening.schemas.v1.Frame;

/**
 * Frames to a gateway's {@code POST /v1/feeds/{feed}/frames} with an API key. A 429 or 503 is
 * waited out for its {@code Retry-After} and the frame sent again, as often as it takes; any other
 * refusal stops the run with the gateway's problem document. The gateway assigns frame ids and
 * sequences and its API has no field for a slide tile or the end of a feed, so over HTTP those
 * are not sent (the summaries role then closes the feed by its idle timeout).
 */
final class HttpSink implements FrameSink {

  private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
  /** An unreachable gateway is retried this often, a second apart, before the run stops. */
  static final int CONNECT_ATTEMPTS = 30;

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI base;
  private final String apiKey;
  private long pushbacks;

  HttpSink(URI base, String apiKey) {
    this.base = base;
    this.apiKey = apiKey;
  }

  @Override
  public void send(Frame frame) throws InterruptedException, SendFailedException {
    HttpRequest request = request(frame);
    int unreachable = 0;
    while (true) {
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (++unreachable >= CONNECT_ATTEMPTS) {
          throw new SendFailedException("the gateway is unreachable: " + e.getMessage(), e);
        }
        Thread.sleep(DEFAULT_RETRY_AFTER.toMillis());
        continue;
      }
      int status = response.statusCode();
      if (status == 202) {
        return;
      }
      if (status == 429 || status == 503) {
        pushbacks++;
        Thread.sleep(retryAfter(response).toMillis());
        continue;
      }
      throw new SendFailedException("the gateway refused a frame with " + status + ": "
          + response.body(), null);
    }
  }

  private HttpRequest request(Frame frame) {
    String query = "tasks=classify&qos=" + frame.getQos().name().toLowerCase(Locale.ROOT)
        + "&modality=" + frame.getModality().name().toLowerCase(Locale.ROOT)
        + "&captureTime=" + frame.getCaptureTime().toEpochMilli()
        + (frame.getModelOverride() == null ? ""
            : "&model=" + URLEncoder.encode(frame.getModelOverride(), StandardCharsets.UTF_8));
    String contentType = switch (frame.getEncoding()) {
      case PNG -> "image/png";
      case JPEG -> "image/jpeg";
      case RAW_U8 -> "application/octet-stream";
    };
    byte[] body = new byte[frame.getPixels().remaining()];
    frame.getPixels().duplicate().get(body);
    return HttpRequest.newBuilder(base.resolve("/v1/feeds/"
            + URLEncoder.encode(frame.getFeedId(), StandardCharsets.UTF_8).replace("+", "%20")
            + "/frames?" + query))
        .header("Authorization", "Bearer " + apiKey)
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private static Duration retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").map(value -> {
      try {
        return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
      } catch (NumberFormatException e) {
        return DEFAULT_RETRY_AFTER;
      }
    }).orElse(DEFAULT_RETRY_AFTER);
  }

  @Override
  public void flush() {
    // Every frame was answered when send returned.
  }

  @Override
  public long pushbacks() {
    return pushbacks;
  }

  @Override
  public void close() {
    // The JDK client holds no resources that outlive it.
  }
}
