package org.screening.summaries;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.MessageDecodingException;
import org.screening.schemas.Topics;
import org.screening.schemas.v1.ClosedBy;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.SlideTile;
import org.screening.schemas.v1.Summary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the frames and results of the feeds of one partition and writes each case's summary once:
 * when every frame it waits for is answered, or when it has been idle too long. All state is in
 * the task's stores, which Kafka Streams commits atomically with the input offsets and the
 * output (exactly-once v2), so a crash at any point neither loses nor repeats a summary.
 */
final class CaseProcessor implements Processor<String, byte[], String, byte[]> {

  static final String CASES_STORE = "cases";
  static final String ENTRIES_STORE = "case-frames";

  private static final Logger LOG = LoggerFactory.getLogger(CaseProcessor.class);
  // Feed ids are producer text: NUL cannot occur in them, so no feed's prefix covers another's.
  private static final char SEPARATOR = '\u0000';

  private final SummariesConfig config;
  private final FrameScore scores;
  private final SummaryBuilder builder;
  private final AvroCodec<Frame> frames = AvroCodec.frames();
  private final AvroCodec<Result> results = AvroCodec.results();
  private final AvroCodec<Summary> summaries = AvroCodec.summaries();
  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, CaseState> cases;
  private KeyValueStore<String, FrameEntry> entries;

  CaseProcessor(SummariesConfig config) {
    this.config = config;
    this.scores = new FrameScore(config.scoreLabel());
    this.builder = new SummaryBuilder(config);
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.cases = context.getStateStore(CASES_STORE);
    this.entries = context.getStateStore(ENTRIES_STORE);
    context.schedule(config.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::sweep);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
    String feed = record.key();
    if (feed == null) {
      LOG.warn("summaries: a record on {} has no key (feed id); skipped", topic);
      return;
    }
    try {
      if (topic.equals(Topics.FRAMES)) {
        onFrame(feed, frames.decode(record.value()));
      } else {
        onResult(feed, results.decode(record.value()));
      }
    } catch (MessageDecodingException e) {
      // The worker dead-letters bad frames; here they only cannot count. No content is logged.
      LOG.warn("summaries: unreadable record on {} skipped ({})", topic, e.reason());
    }
  }

  private void onFrame(String feed, Frame frame) {
    long now = System.currentTimeMillis();
    CaseState state = caseOf(feed, frame.getTenant(), now);
    if (state == null) {
      return;
    }
    SlideTile tile = frame.getTile();
    if (tile != null && state.slide() == null) {
      state = state.withSlide(new CaseState.SlideInfo(tile.getSlideId(), tile.getLevel(),
          tile.getSlideWidth(), tile.getSlideHeight(), tile.getTilesTotal(),
          tile.getTilesSkipped()));
    }
    if (frame.getLastInFeed()) {
      state = state.withExpected(frame.getSequence() + 1);
    }
    String key = entryKey(feed, frame.getSequence());
    FrameEntry entry = Optional.ofNullable(entries.get(key))
        .orElse(FrameEntry.empty(frame.getSequence()));
    if (entry.frameSeen()) {
      cases.put(feed, state.counted(false, false, null, now)); // a resent frame counts once
      return;
    }
    FrameEntry.TileBox box = tile == null ? null
        : new FrameEntry.TileBox(tile.getX(), tile.getY(), tile.getWidth(), tile.getHeight());
    FrameEntry updated = entry.withFrame(frame.getCaptureTime().toEpochMilli(), box);
    entries.put(key, updated);
    settle(feed, state.counted(true, updated.complete(), null, now));
  }

  private void onResult(String feed, Result result) {
    Optional<FrameScore.Reading> reading = scores.read(result);
    if (reading.isEmpty()) {
      return;
    }
    long now = System.currentTimeMillis();
    CaseState state = caseOf(feed, result.getTenant(), now);
    if (state == null) {
      return;
    }
    String key = entryKey(feed, result.getSequence());
    FrameEntry entry = Optional.ofNullable(entries.get(key))
        .orElse(FrameEntry.empty(result.getSequence()));
    if (entry.answered()) {
      cases.put(feed, state.counted(false, false, null, now)); // a redelivered result counts once
      return;
    }
    FrameEntry updated = entry.withResult(reading.get().outcome(), reading.get().score(),
        result.getTimings().getEndToEndMs(), result.getProducedAt().toEpochMilli());
    entries.put(key, updated);
    String model = reading.get().outcome() == FrameEntry.Outcome.SCREENED
        ? result.getModel().getName() + ":" + result.getModel().getVersion() : null;
    settle(feed, state.counted(false, updated.complete(), model, now));
  }

  /** The feed's open case, a new one, or null when the feed was summarised recently. */
  private CaseState caseOf(String feed, String tenant, long now) {
    CaseState state = cases.get(feed);
    if (state == null) {
      return CaseState.open(tenant, now);
    }
    return state.closed() ? null : state;
  }

  private void settle(String feed, CaseState state) {
    if (state.due()) {
      close(feed, state, ClosedBy.ALL_ANSWERED, context.currentSystemTimeMs());
    } else {
      cases.put(feed, state);
    }
  }

  private void close(String feed, CaseState state, ClosedBy closedBy, long timestamp) {
    List<String> keys = new ArrayList<>();
    List<FrameEntry> list = new ArrayList<>();
    try (KeyValueIterator<String, FrameEntry> it =
        entries.prefixScan(feed + SEPARATOR, new StringSerializer())) {
      while (it.hasNext()) {
        KeyValue<String, FrameEntry> kv = it.next();
        keys.add(kv.key);
        list.add(kv.value);
      }
    }
    Summary summary = builder.build(feed, state, list, closedBy, Instant.now());
    context.forward(new Record<>(feed, summaries.encode(summary), timestamp));
    keys.forEach(entries::delete);
    cases.put(feed, state.closedAt(System.currentTimeMillis()));
  }

  private void sweep(long timestamp) {
    long now = System.currentTimeMillis();
    List<KeyValue<String, CaseState>> idle = new ArrayList<>();
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, CaseState> it = cases.all()) {
      while (it.hasNext()) {
        KeyValue<String, CaseState> kv = it.next();
        CaseState state = kv.value;
        if (state.closed()) {
          if (now - state.closedAtMillis() >= config.closedRetention().toMillis()) {
            expired.add(kv.key);
          }
        } else if (now - state.lastActivityMillis() >= config.idleTimeout().toMillis()) {
          idle.add(kv);
        }
      }
    }
    idle.forEach(kv -> close(kv.key, kv.value, ClosedBy.IDLE, timestamp));
    expired.forEach(cases::delete);
  }

  private static String entryKey(String feed, long sequence) {
    return feed + SEPARATOR + String.format("%019d", sequence);
  }
}
