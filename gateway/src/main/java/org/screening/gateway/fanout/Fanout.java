package org.screening.gateway.fanout;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.util.Map;
import org.screening.gateway.admission.Admission;
import org.screening.gateway.admission.InFlightLedger;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import org.screening.gateway.ingest.FrameRegistry;
import org.screening.gateway.metrics.GatewayMetrics;
import org.screening.schemas.Topics;

/**
 * Result fan-out on one node. Every node reads the whole results topic (and the frames'
 * dead-letter and summaries topics) itself and serves its own subscribers, so results reach a
 * client whichever node it is connected to, with no image or mask bytes on the cluster's event
 * bus; Hazelcast only carries the counts that admission needs.
 */
public final class Fanout {

  private final FanoutHub hub;
  private final TopicReplay replay;
  private final FeedHistory history;
  private final FrameResults frames;
  private final FrameImages images;
  private final FeedSummaries summaries;
  private final ResultsConsumer consumer;
  private final int maxBacklog;

  private Fanout(FanoutHub hub, TopicReplay replay, FeedHistory history, FrameResults frames,
      FrameImages images, FeedSummaries summaries, ResultsConsumer consumer, int maxBacklog) {
    this.hub = hub;
    this.replay = replay;
    this.history = history;
    this.frames = frames;
    this.images = images;
    this.summaries = summaries;
    this.consumer = consumer;
    this.maxBacklog = maxBacklog;
  }

  /** Starts reading results; completes once every result produced from now on will be seen. */
  public static Future<Fanout> start(Vertx vertx, GatewayConfig config, String nodeId,
      InFlightLedger ledger, GatewayMetrics metrics) {
    int recentPerFeed = config.get(ConfigKeys.RESULTS_RECENT_PER_FEED);
    FeedHistory history = new FeedHistory(recentPerFeed, config.get(ConfigKeys.RESULTS_BUFFERED_FEEDS));
    ResultPositions positions = new ResultPositions();
    RecentKeys seen = new RecentKeys(config.get(ConfigKeys.RESULTS_DEDUP_CACHE_SIZE));
    TopicReplay replay = new TopicReplay(vertx, config, nodeId);
    FanoutHub hub = new FanoutHub(vertx, history, positions, seen, replay, recentPerFeed, metrics,
        config.get(ConfigKeys.RESULTS_HEARTBEAT_SECONDS) * 1000L);
    FrameResults frames = new FrameResults(config.get(ConfigKeys.RESULTS_FRAME_CACHE_SIZE));
    ResultPipeline results = new ResultPipeline(seen, ledger, frames, hub, metrics, positions);
    DeadLetterPipeline deadLetters = new DeadLetterPipeline(seen, ledger, frames, hub, metrics);
    FeedSummaries summaries = new FeedSummaries(config.get(ConfigKeys.RESULTS_SUMMARY_FEEDS));
    SummaryPipeline summaryPipeline = new SummaryPipeline(summaries, hub);
    Map<String, Handler<KafkaConsumerRecord<String, byte[]>>> pipelines = Map.of(
        Topics.RESULTS, results, Topics.FRAMES_DLQ, deadLetters, Topics.SUMMARIES, summaryPipeline);
    ResultsConsumer consumer = ResultsConsumer.create(vertx, config, nodeId,
        record -> pipelines.get(record.topic()).handle(record), positions, summaries);
    Fanout fanout = new Fanout(hub, replay, history, frames, new FrameImages(vertx, config, nodeId),
        summaries, consumer, recentPerFeed);
    return consumer.start()
        .map(fanout)
        .onFailure(e -> fanout.close());
  }

  /** {@code GET /v1/feeds/{feed}/results}: SSE, or WebSocket on an upgrade request. */
  public Handler<RoutingContext> streamHandler(Admission admission) {
    return new FeedStreamHandler(hub, admission, maxBacklog, false);
  }

  /** {@code GET /v1/feeds/{feed}/results/ws}: WebSocket only. */
  public Handler<RoutingContext> webSocketHandler(Admission admission) {
    return new FeedStreamHandler(hub, admission, maxBacklog, true);
  }

  public Handler<RoutingContext> frameResultsHandler(FrameRegistry registry) {
    return new FrameResultsHandler(registry, frames);
  }

  /** {@code GET /v1/frames/{id}/image}: the frame's pixels, read back from Kafka. */
  public Handler<RoutingContext> frameImageHandler() {
    return FrameImageHandler.image(frames, images);
  }

  /** {@code GET /v1/frames/{id}/tile}: where the frame lies on its slide. */
  public Handler<RoutingContext> frameTileHandler() {
    return FrameImageHandler.tile(frames, images);
  }

  /** {@code GET /v1/feeds}: the tenant's feeds this node knows of. */
  public Handler<RoutingContext> feedListHandler() {
    return new FeedListHandler(history, summaries);
  }

  /** {@code GET /v1/feeds/{feed}/summary}: the feed's newest summary. */
  public Handler<RoutingContext> summaryHandler() {
    return new FeedSummaryHandler(summaries);
  }

  /** Ends every stream and stops reading results. */
  public Future<Void> close() {
    hub.close();
    replay.close();
    images.close();
    return consumer.close();
  }
}
