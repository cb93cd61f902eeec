package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.screening.broker.EmbeddedKafka;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.support.ApiClient;
import org.screening.gateway.support.Browser;
import org.screening.gateway.support.Eventually;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.Images;
import org.screening.gateway.support.Summaries;
import org.screening.gateway.support.TestCluster;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.Topics;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.ImageEncoding;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.SlideTile;
import org.screening.schemas.v1.Task;

/**
 * The viewer in real browsers, against real gateway nodes, broker and (echo) worker: each
 * subclass runs every scenario in one engine ({@link ChromiumViewerTest}, {@link
 * FirefoxViewerTest}), skipped, not failed, where that browser is not installed; CI installs both
 * ({@code .ci/run}). A page that opens a feed with recent results replays them: those tests use
 * node B, since HealthAndMetricsTest counts node A's replays.
 */
@ExtendWith(GatewayClusterExtension.class)
abstract class ViewerBrowserTest {

  /** The heat map's yellow over the grey frame, told apart from grey and from the mask's red. */
  private static final String YELLOW = "(r + g) / 2 - b > 60 && g > 100";
  /** The kernel map's cyan over the grey frame. */
  private static final String CYAN = "(g + b) / 2 - r > 60 && g > 100";
  /** A frame's size in the overlay test: not square, so that a transposed mask shows. */
  private static final int WIDTH = 40;
  private static final int HEIGHT = 24;

  private final TestCluster cluster;
  private Browser browser;

  ViewerBrowserTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  /** Why this test's browser cannot run here, or null when it can. */
  abstract String missing();

  abstract Browser start() throws Exception;

  @BeforeEach
  void openBrowser() throws Exception {
    String missing = missing();
    assumeTrue(missing == null, missing);
    browser = start();
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void signingOutForgetsTheSessionAcrossReloads() throws Exception {
    signIn(cluster.nodeA(null).uri("/").toString());

    browser.click("#sign-out");
    browser.await("signed out", () -> browser.displayed("sign-in") && !browser.displayed("app"));
    browser.reload();
    browser.await("the sign-in form", () -> browser.displayed("sign-in"));
    assertEquals(List.of(), browser.cookieNames(), "the session cookie is gone");
  }

  @Test
  void theNewestFrameShowsItsMaskOverlaidWhereTheMaskIs() throws Exception {
    ApiClient api = cluster.nodeA(TestCluster.KEY_A);
    String feed = TestCluster.feed("overlay");
    String frameId = submitted(api, feed, Images.greyPng(WIDTH, HEIGHT, 64));
    awaitResults(frameId, 2);

    signIn(cluster.nodeB(null).uri("/").toString());
    watch(feed);

    // The mask is drawn in red over a grey frame: red stands out exactly where the mask is.
    browser.await("the mask drawn", () -> {
      List<?> canvas = canvas();
      return canvas != null && overlaid(canvas) == WIDTH * HEIGHT / 4;
    });
    List<?> canvas = canvas();
    assertEquals(frameId, browser.attribute("canvas", "data-frame"));
    assertNoPolicyViolations();
    assertEquals(List.of((long) WIDTH, (long) HEIGHT), canvas.subList(0, 2));
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        assertEquals(Images.inMiddle(x, y, WIDTH, HEIGHT) ? 1L : 0L, canvas.get(2 + y * WIDTH + x),
            "overlay at " + x + "," + y);
      }
    }
  }

  /** The maps a frame asking to explain brings, by their checkbox and colour on the canvas. */
  enum ExplanationMap {
    GRAD_CAM("#explain", YELLOW), KERNEL_ENERGY("#kernels", CYAN);

    final String checkbox;
    final String colour;

    ExplanationMap(String checkbox, String colour) {
      this.checkbox = checkbox;
      this.colour = colour;
    }
  }

  @ParameterizedTest
  @EnumSource(ExplanationMap.class)
  void anExplanationMapIsDrawnOnlyOnDemandAndWhereItIsBright(ExplanationMap map)
      throws Exception {
    ApiClient api = cluster.nodeA(TestCluster.KEY_A);
    String feed = TestCluster.feed("explained-viewer");
    HttpResponse<String> accepted = api.submit(feed, "tasks=classify&explain=true", "image/png",
        Images.greyPng(WIDTH, HEIGHT, 64));
    assertEquals(202, accepted.statusCode(), accepted.body());
    String frameId = new JsonObject(accepted.body()).getJsonArray("frames").getJsonObject(0)
        .getString("frame_id");
    awaitResults(frameId, 1);

    signIn(cluster.nodeB(null).uri("/").toString());
    watch(feed);
    browser.await("the frame drawn",
        () -> frameId.equals(browser.attribute("canvas", "data-frame")));
    assertEquals(0, heated(YELLOW), "a heat map drawn before it was asked for");
    assertEquals(0, heated(CYAN), "a kernel map drawn before it was asked for");

    browser.click(map.checkbox);

    // The test worker's maps are bright in the middle quarter of the frame and dark elsewhere.
    browser.await("the map drawn", () -> heated(map.colour) == WIDTH * HEIGHT / 4);
    List<?> canvas = canvas(map.colour);
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        assertEquals(Images.inMiddle(x, y, WIDTH, HEIGHT) ? 1L : 0L, canvas.get(2 + y * WIDTH + x),
            "heat at " + x + "," + y);
      }
    }
    assertNoPolicyViolations();
  }

  /**
   * Frames answered every 100 ms while each image takes 800 ms to load: a page that let every
   * newer frame cancel the drawing under way would paint nothing until the feed paused.
   */
  @Test
  void thePageKeepsPaintingWhileFramesComeFasterThanTheirImagesLoad() throws Exception {
    ApiClient api = cluster.nodeA(TestCluster.KEY_A);
    String feed = TestCluster.feed("fast");
    signIn(cluster.nodeA(null).uri("/").toString());
    watch(feed);
    browser.delayRequests(Duration.ofMillis(800));

    Thread sender = new Thread(() -> {
      try {
        for (int i = 0; i < 100; i++) {
          api.submit(feed, "tasks=classify", "image/png", Images.greyPng(WIDTH, HEIGHT, 64));
          Thread.sleep(100);
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "fast-feed");
    sender.start();
    try {
      browser.await("a frame drawn", () -> browser.attribute("canvas", "data-frame") != null);
      assertTrue(sender.isAlive(), "the canvas was first painted only after the last frame");
    } finally {
      sender.join();
      browser.delayRequests(null);
    }
  }

  @Test
  void anUncertainFrameShowsTheNeedsReviewBadge() throws Exception {
    ApiClient api = cluster.nodeA(TestCluster.KEY_A);
    String feed = TestCluster.feed("review");
    String frameId = submitted(api, feed, Images.png(16, 16, 3));
    awaitResults(frameId, 2);

    signIn(cluster.nodeB(null).uri("/").toString());
    watch(feed);

    browser.await("the needs-review badge", () -> browser.displayed("needs-review"));
    assertEquals("0.900", browser.text("uncertainty"));
    assertEquals(frameId, browser.text("frame-id"));
  }

  @Test
  void aDeadLetteredFrameIsListedWithItsReason() throws Exception {
    String feed = TestCluster.feed("dlq-viewer");
    signIn(cluster.nodeA(null).uri("/").toString());
    watch(feed);

    String frameId = cluster.nodeB(TestCluster.KEY_A).submitPng(feed);

    browser.await("the dead letter listed",
        () -> browser.text("dead-letters").contains(frameId + ": CORRUPT_IMAGE"));
  }

  @Test
  void aSlidesTilesArePlacedOnAGridByPosition() throws Exception {
    String feed = TestCluster.feed("slide");
    signIn(cluster.nodeA(null).uri("/").toString());
    watch(feed);

    // One tile, the top right quarter of a 64x64 slide: the 512-pixel grid shows it at 256..511.
    produceTile(feed, 32, 0, 64);

    browser.await("the grid view", () -> browser.displayed("grid-view"));
    browser.await("the tile painted", () -> gridPixel(384, 128).get(3) == 255L);
    List<Long> tile = gridPixel(384, 128);
    assertTrue(tile.get(0) > tile.get(1) + 40, "a score of 0.75 is orange-red: " + tile);
    assertEquals(0L, gridPixel(128, 128).get(3), "no tile at the top left");
    assertEquals(0L, gridPixel(384, 384).get(3), "no tile at the bottom right");
  }

  @Test
  void aCaseSummaryOfTheFeedIsShown() throws Exception {
    String feed = TestCluster.feed("summary");
    signIn(cluster.nodeA(null).uri("/").toString());
    watch(feed);

    Summaries.write(cluster.bootstrapServers(), Summaries.slide("tenant-a", feed, 12, 0.75f));

    browser.await("the summary", () -> browser.displayed("summary-view"));
    String summary = browser.text("summary");
    assertTrue(summary.contains("SLIDE") && summary.contains("12") && summary.contains("0.750"),
        summary);
  }

  @Test
  void thePageRidesOutARestartOfItsGatewayNode() throws Exception {
    int port = EmbeddedKafka.freePort();
    GatewayNode node = startNode(port);
    try {
      ApiClient api = cluster.nodeA(TestCluster.KEY_A);
      String feed = TestCluster.feed("restart");
      signIn("http://127.0.0.1:" + port + "/");
      watch(feed);
      String before = api.submitPng(feed);
      browser.await("the first frame drawn",
          () -> before.equals(browser.attribute("canvas", "data-frame")));

      node.close().await(30, TimeUnit.SECONDS);
      browser.await("the connection lost", () -> !"live".equals(connectionState()));
      node = startNode(port);

      browser.await("the connection back", () -> "live".equals(connectionState()));
      String after = api.submitPng(feed);
      browser.await("the next frame drawn",
          () -> after.equals(browser.attribute("canvas", "data-frame")));
    } finally {
      node.close().await(30, TimeUnit.SECONDS);
    }
  }

  private void assertNoPolicyViolations() {
    assertEquals(List.of(), browser.policyViolations(), "Content-Security-Policy violations");
  }

  /** A slide tile as a slide producer writes it straight to the frames topic. */
  private void produceTile(String feed, int x, int y, int slideSize) throws Exception {
    Frame frame = Frame.newBuilder()
        .setFrameId(UUID.randomUUID().toString())
        .setTenant("tenant-a")
        .setFeedId(feed)
        .setSequence(0)
        .setCaptureTime(Instant.now())
        .setModality(Modality.PATHOLOGY_TILE)
        .setEncoding(ImageEncoding.PNG)
        .setWidth(32)
        .setHeight(32)
        .setChannels(3)
        .setPixels(ByteBuffer.wrap(Images.png(32, 32, 3)))
        .setTasks(List.of(Task.CLASSIFY))
        .setQos(QosClass.BATCH)
        .setTile(SlideTile.newBuilder().setSlideId("slide-" + feed).setLevel(0).setX(x).setY(y)
            .setWidth(32).setHeight(32).setSlideWidth(slideSize).setSlideHeight(slideSize)
            .setTilesTotal(1).setTilesSkipped(0).build())
        .build();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.FRAMES, feed, AvroCodec.frames().encode(frame)))
          .get();
    }
  }

  /** The grid canvas's pixel at (x, y) as [r, g, b, a]. */
  @SuppressWarnings("unchecked")
  private List<Long> gridPixel(int x, int y) {
    return (List<Long>) browser.script(
        "return Array.from(document.getElementById('grid').getContext('2d')"
            + ".getImageData(arguments[0], arguments[1], 1, 1).data);", x, y);
  }

  /** A third node of the test cluster, at a given HTTP port so the page finds it again. */
  private GatewayNode startNode(int httpPort) throws Exception {
    return GatewayNode.start(cluster.config()
        .with(ConfigKeys.NODE_ID, "viewer-" + httpPort)
        .with(ConfigKeys.HTTP_PORT, httpPort)
        .with(ConfigKeys.CLUSTER_PORT, EmbeddedKafka.freePort())).await(60, TimeUnit.SECONDS);
  }

  private void signIn(String root) throws Exception {
    browser.open(root);
    browser.await("the sign-in form", () -> browser.displayed("sign-in"));
    browser.type("#api-key", TestCluster.KEY_A);
    browser.click("#sign-in button[type=submit]");
    browser.await("signed in", () -> browser.displayed("app") && !browser.displayed("sign-in"));
  }

  private void watch(String feed) throws Exception {
    browser.click("#refresh-feeds");
    browser.type("#feed", feed);
    browser.click("#open-feed");
    browser.await("the feed live", () -> "live".equals(connectionState()));
  }

  private String connectionState() {
    return browser.attribute("connection", "data-state");
  }

  /** Red stands out: the mask's colour over a grey frame. */
  private List<?> canvas() {
    return canvas("r - g > 60");
  }

  /**
   * The canvas's width, height, then per pixel 1 where {@code test} (a JavaScript expression of
   * the pixel's r, g, b) holds, else 0; null before a frame is drawn.
   */
  private List<?> canvas(String test) {
    return (List<?>) browser.script("""
        const c = document.getElementById('canvas');
        if (!c.dataset.frame) return null;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const out = [c.width, c.height];
        const holds = (r, g, b) => %s;
        for (let i = 0; i < d.length; i += 4) out.push(holds(d[i], d[i + 1], d[i + 2]) ? 1 : 0);
        return out;""".formatted(test));
  }

  /** Pixels of {@code colour} from a map over the grey frame (red from a mask is neither). */
  private long heated(String colour) {
    List<?> canvas = canvas(colour);
    return canvas == null ? 0 : overlaid(canvas);
  }

  private static long overlaid(List<?> canvas) {
    return canvas.subList(2, canvas.size()).stream().filter(v -> ((Long) v) == 1L).count();
  }

  private static String submitted(ApiClient api, String feed, byte[] png) throws Exception {
    HttpResponse<String> accepted = api.submit(feed, "", "image/png", png);
    assertEquals(202, accepted.statusCode(), accepted.body());
    return new JsonObject(accepted.body()).getJsonArray("frames").getJsonObject(0)
        .getString("frame_id");
  }

  /** Waits until both nodes have read the frame's results, so either replays them to the page. */
  private void awaitResults(String frameId, int count) throws Exception {
    for (ApiClient node :
        List.of(cluster.nodeA(TestCluster.KEY_A), cluster.nodeB(TestCluster.KEY_A))) {
      Eventually.assertThat("the frame's results arrive", () -> new JsonObject(
          node.get("/v1/frames/" + frameId + "/results").body())
          .getJsonArray("results", new JsonArray()).size() == count);
    }
  }
}
