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
  private final FrameResults frames;
  private final FeedSummaries summaries;
  private final ResultsConsumer consumer;
  private final int maxBacklog;

  private Fanout(FanoutHub hub, TopicReplay replay, FrameResults frames, FeedSummaries summaries,
      ResultsConsumer consumer, int maxBacklog) {
    this.hub = hub;
    this.replay = replay;
    this.frames = frames;
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
    Fanout fanout = new Fanout(hub, replay, frames, summaries, consumer, recentPerFeed);
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

  /** {@code GET /v1/feeds/{feed}/summary}: the feed's newest summary. */
  public Handler<RoutingContext> summaryHandler() {
    return new FeedSummaryHandler(summaries);
  }

  /** Ends every stream and stops reading results. */
  public Future<Void> close() {
    hub.close();
    replay.close();
    return consumer.close();
  }
}
