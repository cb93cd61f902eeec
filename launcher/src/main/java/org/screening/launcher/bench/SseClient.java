package org.screening.launcher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Watches feeds over the gateway's Server-Sent Events, as a viewer would, and reports each
 * result's frame id with the time its event arrived. One reading thread per feed.
 */
final class SseClient implements AutoCloseable {

  private static final String DATA = "data: ";

  private final ObjectMapper json = new ObjectMapper();
  private final List<Stream<String>> streams = new ArrayList<>();

  /** Returns once every stream is open, so no result sent afterwards can be missed. */
  SseClient(int port, String apiKey, Collection<String> feeds,
      BiConsumer<String, Long> delivered) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    for (String feed : feeds) {
      HttpRequest request = HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/v1/feeds/" + feed + "/results"))
          .header("Authorization", "Bearer " + apiKey)
          .header("Accept", "text/event-stream")
          .build();
      HttpResponse<Stream<String>> response =
          client.send(request, HttpResponse.BodyHandlers.ofLines());
      if (response.statusCode() != 200) {
        throw new IOException("SSE stream of feed " + feed + " answered " + response.statusCode());
      }
      Stream<String> lines = response.body();
      streams.add(lines);
      Thread reader = new Thread(() -> read(lines, delivered), "bench-sse-" + feed);
      reader.setDaemon(true);
      reader.start();
    }
  }

  private void read(Stream<String> lines, BiConsumer<String, Long> delivered) {
    try {
      lines.filter(l -> l.startsWith(DATA)).forEach(l -> {
        long now = System.nanoTime();
        delivered.accept(frameId(l.substring(DATA.length())), now);
      });
    } catch (UncheckedIOException e) {
      // The stream closes when the bench ends; nothing is owed to it then.
    }
  }

  private String frameId(String event) {
    try {
      return json.readTree(event).get("frame_id").asText();
    } catch (IOException e) {
      throw new UncheckedIOException("Unreadable SSE result event", e);
    }
  }

  @Override
  public void close() {
    streams.forEach(Stream::close);
  }
}
