package org.screening.launcher.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.screening.broker.EmbeddedKafka;
import org.screening.launcher.demo.FrameProducers;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.Topics;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Timings;
import org.screening.workers.inference.ResultFactory;

/**
 * Sends frames into the pipeline and follows each one out: its result on the results topic (read
 * here, for the worker's timings and the time it landed) and, where a gateway is in the path, its
 * event at the SSE client ({@link #delivered}), which completes it. Each frame asks for one task,
 * so one result completes it; {@link #completions()} gives a permit per completed frame. A LIVE
 * frame the worker dropped completes too: its result says so ({@link Sample#dropped}).
 */
final class PipelineProbe implements AutoCloseable {

  /**
   * One completed frame: send to SSE event (to the result landing where no gateway is in the
   * path), the worker's queue, decode and inference parts, when its result landed on the results
   * topic (after the send, and as this process's nanoTime), from there to the SSE event, whether
   * the worker reported it dropped rather than answered, the size of its batch, and the worker's
   * own end to end (the frame's record timestamp to its result handed to the producer).
   */
  record Sample(double e2eMs, double queueMs, double decodeMs, double inferenceMs,
      double resultTopicMs, double fanOutMs, long landedNanos, boolean dropped, int batchSize,
      double workerEndToEndMs) {

    /** What the worker added: from its poll to the end of the frame's batch. */
    double workerMs() {
      return queueMs + inferenceMs;
    }
  }

  /** A frame on its way: sent, then (in either order) its result read here and its SSE event. */
  private static final class Pending {
    final long sentNanos;
    Timings timings;
    long resultNanos;
    long deliveredNanos;
    boolean dropped;
    int batchSize;

    Pending(long sentNanos) {
      this.sentNanos = sentNanos;
    }
  }

  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final AvroCodec<Frame> frames = AvroCodec.frames();
  private final Map<String, Pending> pending = new HashMap<>();
  private final List<Sample> samples = new ArrayList<>();
  private final Semaphore completions = new Semaphore(0);
  private final Thread reader;
  private final boolean viaGateway;
  private volatile boolean running = true;

  /** Follows frames through the worker and the gateway to the SSE client. */
  PipelineProbe(EmbeddedKafka kafka) {
    this(kafka.bootstrapServers(), true);
  }

  /** {@code viaGateway} false: a frame completes when its result lands on the results topic. */
  PipelineProbe(String bootstrapServers, boolean viaGateway) {
    this.viaGateway = viaGateway;
    producer = FrameProducers.create(bootstrapServers);
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "bench-results-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES),
        new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.RESULTS));
    reader = new Thread(this::read, "bench-results");
    reader.setDaemon(true);
    reader.start();
  }

  void send(Frame frame) {
    synchronized (this) {
      pending.put(frame.getFrameId(), new Pending(System.nanoTime()));
    }
    producer.send(new ProducerRecord<>(Topics.FRAMES, frame.getFeedId(), frames.encode(frame)));
  }

  /** Returns once every frame sent so far is on the broker. */
  void flush() {
    producer.flush();
  }

  Semaphore completions() {
    return completions;
  }

  synchronized long inFlight() {
    return pending.size();
  }

  /** The SSE client saw {@code frameId}'s result at {@code nanos}. */
  synchronized void delivered(String frameId, long nanos) {
    Pending p = pending.get(frameId);
    if (p != null) {
      p.deliveredNanos = nanos;
      completeIfDone(frameId, p);
    }
  }

  private synchronized void landed(Result result, long nanos) {
    Pending p = pending.get(result.getFrameId());
    if (p != null) {
      p.timings = result.getTimings();
      p.resultNanos = nanos;
      p.dropped = result.getAttributes().containsKey(ResultFactory.OUTCOME);
      p.batchSize = result.getBatch().getBatchSize();
      completeIfDone(result.getFrameId(), p);
    }
  }

  private void completeIfDone(String frameId, Pending p) {
    if (p.timings == null || (viaGateway && p.deliveredNanos == 0)) {
      return;
    }
    pending.remove(frameId);
    Timings t = p.timings;
    long end = viaGateway ? p.deliveredNanos : p.resultNanos;
    samples.add(new Sample((end - p.sentNanos) / 1e6, t.getQueueMs(),
        t.getDecodeMs(), t.getInferenceMs(), (p.resultNanos - p.sentNanos) / 1e6,
        (end - p.resultNanos) / 1e6, p.resultNanos, p.dropped, p.batchSize,
        t.getEndToEndMs()));
    completions.release();
  }

  /** The samples since the last call. */
  synchronized List<Sample> drain() {
    List<Sample> taken = new ArrayList<>(samples);
    samples.clear();
    return taken;
  }

  private void read() {
    AvroCodec<Result> results = AvroCodec.results();
    while (running) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
        landed(results.decode(r.value()), System.nanoTime());
      }
    }
    consumer.close();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    reader.join(5_000);
    producer.close();
  }
}
