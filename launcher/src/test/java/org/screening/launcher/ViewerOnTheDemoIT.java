package org.screening.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.screening.broker.EmbeddedKafka;
import org.screening.gateway.support.Browser;
import org.screening.gateway.support.ChromiumBrowser;
import org.screening.gateway.support.Firefox;
import org.screening.launcher.support.ChildJvm;

/**
 * The viewer over the real pipeline: {@code screening demo} as a user runs it (embedded broker,
 * gateway, a worker running the shipped Med-IC models in TensorFlow), watched in Chromium and in
 * Firefox. What the page draws over a frame must be exactly the mask the worker computed for it.
 */
class ViewerOnTheDemoIT {

  private static final Pattern API_KEY = Pattern.compile("\\(API key (\\w+)\\)");
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static ChildJvm demo;
  private static String apiKey;
  private static int port;

  @BeforeAll
  static void startDemo() throws Exception {
    port = EmbeddedKafka.freePort();
    demo = ChildJvm.start(Path.of(System.getProperty("screening.home", "..")),
        List.of("demo", "--rate", "4", "--port", Integer.toString(port)));
    demo.awaitLine("demo: viewer", Duration.ofMinutes(3));
    Matcher key = API_KEY.matcher(demo.output());
    assertTrue(key.find(), demo.output());
    apiKey = key.group(1);
  }

  @AfterAll
  static void stopDemo() throws Exception {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void chromiumDrawsTheWorkersMaskExactlyWhereTheModelFoundTheBrain() throws Exception {
    String missing = ChromiumBrowser.missing();
    assumeTrue(missing == null, missing);
    try (Browser chromium = ChromiumBrowser.start()) {
      assertOverlayIsTheMask(chromium);
    }
  }

  @Test
  void firefoxDrawsTheWorkersMaskExactlyWhereTheModelFoundTheBrain() throws Exception {
    String missing = Firefox.missing();
    assumeTrue(missing == null, missing);
    try (Firefox firefox = Firefox.start(); Browser tab = firefox.openTab()) {
      assertOverlayIsTheMask(tab);
    }
  }

  /**
   * Signs in, watches the demo's MRI feed and compares, pixel by pixel, where the page shows the
   * mask's red with where the frame's segmentation result has its foreground (above 127).
   * Frames keep coming, and the page may draw a frame before its mask reaches it over SSE, or a
   * slice with no brain: so drawings are compared until one with a non-empty mask matches it
   * exactly. An overlay that is misplaced, scaled or missing never matches and fails.
   */
  private static void assertOverlayIsTheMask(Browser browser) throws Exception {
    browser.open("http://127.0.0.1:" + port + "/");
    browser.await("the sign-in form", () -> browser.displayed("sign-in"));
    browser.type("#api-key", apiKey);
    browser.click("#sign-in button[type=submit]");
    browser.await("signed in", () -> browser.displayed("app"));
    browser.type("#feed", "brain-mri");
    browser.click("#open-feed");
    browser.await("the feed live",
        () -> "live".equals(browser.attribute("connection", "data-state")));

    long deadline = System.nanoTime() + PATIENCE.toNanos();
    String last = "none (no drawn frame had its mask yet)";
    while (System.nanoTime() < deadline) {
      List<?> drawn = (List<?>) browser.script("""
          const c = document.getElementById('canvas');
          if (!c.dataset.frame) return null;
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          const out = [c.dataset.frame, c.width, c.height];
          for (let i = 0; i < d.length; i += 4) out.push(d[i] - d[i + 1] > 60 ? 1 : 0);
          return out;""");
      BufferedImage mask = drawn == null ? null : mask((String) drawn.get(0));
      if (mask != null) {
        int width = ((Long) drawn.get(1)).intValue();
        int height = ((Long) drawn.get(2)).intValue();
        assertEquals(List.of(mask.getWidth(), mask.getHeight()), List.of(width, height),
            "the canvas has the frame's size, and the mask too");
        long foreground = 0;
        long differing = 0;
        for (int y = 0; y < height; y++) {
          for (int x = 0; x < width; x++) {
            boolean inMask = mask.getRaster().getSample(x, y, 0) > 127;
            foreground += inMask ? 1 : 0;
            differing += inMask == ((Long) drawn.get(3 + y * width + x) == 1L) ? 0 : 1;
          }
        }
        if (foreground > 0 && differing == 0) {
          assertEquals(List.of(), browser.policyViolations());
          return;
        }
        last = drawn.get(0) + ": " + differing + " pixels differ of " + foreground
            + " in the mask";
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no drawing showed its frame's mask exactly in "
        + PATIENCE.toSeconds() + " s; last compared " + last);
  }

  /** The frame's segmentation mask as the gateway returns it, or null before it exists. */
  private static BufferedImage mask(String frameId) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/v1/frames/" + frameId + "/results"))
            .header("Authorization", "Bearer " + apiKey).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    for (JsonNode result : new ObjectMapper().readTree(response.body()).path("results")) {
      JsonNode png = result.path("segmentation").path("mask_png");
      if (png.isTextual()) {
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png.asText())));
      }
    }
    return null;
  }
}
